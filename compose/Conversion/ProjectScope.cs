namespace Codemason.Compose.Conversion;

/// <summary>What a service's conversion needs to know about the rest of the file.</summary>
/// <param name="Services">Names of the services converted (after profiles).</param>
/// <param name="Excluded">Services left out by their profiles, with those profiles.</param>
/// <param name="Volumes">Named volumes declared at the top level.</param>
internal sealed record ProjectScope(
    IReadOnlySet<string> Services,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Excluded,
    IReadOnlySet<string> Volumes);
