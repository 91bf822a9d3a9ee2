namespace Codemason.Controller.Registry;

/// <summary>What pruning one repository does: the manifests to delete and the tags that go with them.</summary>
/// <param name="Digests">Manifest digests to delete, oldest first; none of them is pointed to by a kept tag.</param>
/// <param name="Tags">The tags that disappear with them.</param>
/// <param name="Kept">The tags that stay (with a tag that shares a kept tag's manifest), newest first.</param>
public sealed record RegistryPrunePlan(IReadOnlyList<string> Digests, IReadOnlyList<string> Tags, IReadOnlyList<string> Kept)
{
    /// <summary>The default number of newest tags kept per repository (service): 10.</summary>
    public const int DefaultKeep = 10;

    /// <summary>
    /// Decides what to delete. Pure. Kept: the <paramref name="keep"/> newest tags (ties by name, descending), and every
    /// tag in <paramref name="inUse"/> (tags of revisions that must stay deployable). A manifest is deleted when no kept
    /// tag points to it — deleting by digest removes every tag of that manifest, so a shared digest of a kept tag stays.
    /// </summary>
    public static RegistryPrunePlan Plan(IEnumerable<RegistryTag> tags, IReadOnlySet<string> inUse, int keep = DefaultKeep)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(inUse);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var newestFirst = tags
            .OrderByDescending(t => t.PushedAt)
            .ThenByDescending(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var kept = newestFirst.Where((t, index) => index < keep || inUse.Contains(t.Name)).ToList();
        var keptDigests = kept.Select(t => t.Digest).ToHashSet(StringComparer.Ordinal);
        var doomed = newestFirst.Where(t => !keptDigests.Contains(t.Digest)).Reverse().ToList();
        return new RegistryPrunePlan(
            [.. doomed.Select(t => t.Digest).Distinct(StringComparer.Ordinal)],
            [.. doomed.Select(t => t.Name)],
            [.. newestFirst.Where(t => keptDigests.Contains(t.Digest)).Select(t => t.Name)]);
    }
}
