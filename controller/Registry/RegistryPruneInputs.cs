using Codemason.Controller.Builds;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Registry;

/// <summary>What pruning one repository of a registry needs: when each tag was pushed, and the tags revisions still use.</summary>
/// <param name="Repository"><c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;</c>.</param>
/// <param name="PushedAt">Tag → when its build finished (from the controller's builds).</param>
/// <param name="InUse">Tags the kept revisions run: they stay whatever their age.</param>
public sealed record RegistryPruneInputs(string Repository, IReadOnlyDictionary<string, DateTimeOffset> PushedAt, IReadOnlySet<string> InUse)
{
    /// <summary>
    /// One entry per repository of <paramref name="address"/> that the app's builds pushed to (pure). Push times come
    /// from succeeded builds; tags in use from the services of <paramref name="keptRevisions"/> (the newest revisions,
    /// which <c>mason rollback</c> reaches).
    /// </summary>
    public static IReadOnlyList<RegistryPruneInputs> From(string address, IEnumerable<BuildRecord> builds, IEnumerable<AppSpec> keptRevisions)
    {
        ArgumentNullException.ThrowIfNull(builds);
        ArgumentNullException.ThrowIfNull(keptRevisions);
        var pushed = new Dictionary<string, Dictionary<string, DateTimeOffset>>(StringComparer.Ordinal);
        foreach (var build in builds.Where(b => b.State == BuildState.Succeeded))
        {
            foreach (var image in build.Images.Values)
            {
                if (Split(address, image) is var (repository, tag))
                {
                    var tags = pushed.TryGetValue(repository, out var known) ? known : pushed[repository] = new(StringComparer.Ordinal);
                    var at = build.FinishedAt ?? build.CreatedAt;
                    tags[tag] = tags.TryGetValue(tag, out var earlier) && earlier > at ? earlier : at;
                }
            }
        }
        var inUse = keptRevisions
            .SelectMany(r => r.Services)
            .Select(s => Split(address, s.Image))
            .OfType<(string Repository, string Tag)>()
            .ToLookup(t => t.Repository, t => t.Tag, StringComparer.Ordinal);
        return [.. pushed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            new RegistryPruneInputs(p.Key, p.Value, inUse[p.Key].ToHashSet(StringComparer.Ordinal)))];
    }

    /// <summary>The repository and tag of an image in the registry at <paramref name="address"/>; null for any other image.</summary>
    public static (string Repository, string Tag)? Split(string address, string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!image.StartsWith(address + "/", StringComparison.Ordinal))
        {
            return null;
        }
        var name = image[(address.Length + 1)..];
        var colon = name.LastIndexOf(':');
        return colon <= 0 || colon < name.LastIndexOf('/') || colon == name.Length - 1 ? null : (name[..colon], name[(colon + 1)..]);
    }
}
