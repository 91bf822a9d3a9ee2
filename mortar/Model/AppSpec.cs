using System.Text.Json.Serialization;

namespace Codemason.Mortar.Model;

/// <summary>
/// The normalised desired state of one app, as Mortar produces it from a mason.json: every alternative form
/// resolved, questions answered, templates expanded and links resolved. A service or instance file becomes
/// an app with one service. Round-trips through <see cref="MortarJson"/> deterministically.
/// </summary>
/// <param name="Name">The app name (the caller's override, or the file's <c>name</c>).</param>
/// <param name="Type">The file type it came from.</param>
/// <param name="MasonVersion">The mason.json version (<c>v1</c>).</param>
/// <param name="Description">The file's <c>description</c>.</param>
/// <param name="Keywords">The file's <c>keywords</c> (empty when absent).</param>
/// <param name="Website">The file's <c>website</c>.</param>
/// <param name="Repository">The file's <c>repository</c>.</param>
/// <param name="Services">Services in file order: <c>services[]</c> first, then <c>instances[]</c>.</param>
public sealed record AppSpec(
    AppName Name,
    MasonFileType Type,
    string MasonVersion,
    string? Description,
    IReadOnlyList<string> Keywords,
    string? Website,
    string? Repository,
    IReadOnlyList<ServiceSpec> Services)
{
    /// <summary>
    /// The edge proxy's routes this app declares: a load balancer file's <c>targets</c> and its services'
    /// <c>domains</c>, in file order; empty by default. Not part of any service's spec hash.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<RouteSpec> Routes { get; init; } = [];

    // The stored form of Routes: absent when there are none, so the JSON of apps without routes stays as it was
    // before the field existed.
    [JsonInclude]
    [JsonPropertyName("routes")]
    internal IReadOnlyList<RouteSpec>? StoredRoutes
    {
        get => Routes.Count == 0 ? null : Routes;
        init => Routes = value ?? [];
    }

    /// <summary>The service of that name (case-insensitive), or null.</summary>
    public ServiceSpec? FindService(string name) =>
        Services.FirstOrDefault(s => string.Equals(s.Name.Value, name, StringComparison.OrdinalIgnoreCase));
}
