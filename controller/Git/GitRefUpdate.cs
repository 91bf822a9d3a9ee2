namespace Codemason.Controller.Git;

/// <summary>One ref a push changes, as git's pre-receive hook reads it: <c>old new ref</c>.</summary>
/// <param name="OldId">The object the ref pointed at; all zeros when the push creates it.</param>
/// <param name="NewId">The object it is to point at; all zeros when the push deletes it.</param>
/// <param name="RefName">The full ref name, <c>refs/heads/main</c>.</param>
public sealed record GitRefUpdate(string OldId, string NewId, string RefName)
{
    /// <summary>Whether the push deletes the ref.</summary>
    public bool IsDelete => IsZero(NewId);

    /// <summary>Whether the push creates the ref.</summary>
    public bool IsCreate => IsZero(OldId);

    /// <summary>The branch name of a <c>refs/heads/</c> ref, or null for other refs (tags, notes).</summary>
    public string? Branch => RefName.StartsWith("refs/heads/", StringComparison.Ordinal) ? RefName["refs/heads/".Length..] : null;

    /// <summary>
    /// Reads one <c>old new ref</c> line; null when it is not one (object ids of 40 or 64 hex digits, a ref
    /// under <c>refs/</c>).
    /// </summary>
    public static GitRefUpdate? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ');
        return parts.Length == 3 && GitObjectIds.IsObjectId(parts[0]) && GitObjectIds.IsObjectId(parts[1])
            && parts[2].StartsWith("refs/", StringComparison.Ordinal)
            ? new GitRefUpdate(parts[0], parts[1], parts[2])
            : null;
    }

    private static bool IsZero(string id) => id.AsSpan().IndexOfAnyExcept('0') < 0;
}
