namespace Codemason.Controller.Git;

/// <summary>What the pre-receive hook handed over: the ref updates and git's quarantine variables, with absolute paths.</summary>
/// <param name="Updates">The <c>old new ref</c> lines.</param>
/// <param name="GitEnvironment">GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES and GIT_QUARANTINE_PATH, those git set.</param>
internal sealed record HookPush(IReadOnlyList<GitRefUpdate> Updates, IReadOnlyDictionary<string, string> GitEnvironment)
{
    /// <summary>
    /// Reads the hook's lines (<c>pwd</c>, <c>quarantine</c>, <c>objects</c>, <c>alternates</c>, <c>update</c>);
    /// relative paths are taken from the hook's working directory. Null when a line is not one of those.
    /// </summary>
    public static HookPush? Parse(IEnumerable<string> lines)
    {
        string? directory = null;
        var updates = new List<GitRefUpdate>();
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (word, value) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
            switch (word)
            {
                case "pwd" when Path.IsPathFullyQualified(value):
                    directory = value;
                    break;
                case "quarantine":
                    raw["GIT_QUARANTINE_PATH"] = value;
                    break;
                case "objects":
                    raw["GIT_OBJECT_DIRECTORY"] = value;
                    break;
                case "alternates":
                    raw["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = value;
                    break;
                case "update" when GitRefUpdate.Parse(value) is { } update:
                    updates.Add(update);
                    break;
                default:
                    return null;
            }
        }
        if (directory is null)
        {
            return null;
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            if (value.Length == 0)
            {
                continue;
            }
            // The alternates are a ':'-separated list (entries with ':' or '"' come C-quoted: left as git wrote them).
            environment[name] = name == "GIT_ALTERNATE_OBJECT_DIRECTORIES"
                ? string.Join(':', value.Split(':').Select(p => p.StartsWith('"') ? p : Path.GetFullPath(p, directory)))
                : Path.GetFullPath(value, directory);
        }
        return new HookPush(updates, environment);
    }
}
