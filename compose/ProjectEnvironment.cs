using Codemason.Compose.Interpolation;

namespace Codemason.Compose;

/// <summary>
/// The variables a compose file is interpolated with, merged as compose does: the process environment wins over
/// the <c>.env</c> file next to the compose file (or the <c>--env-file</c> files, which replace it, later ones winning).
/// </summary>
public static class ProjectEnvironment
{
    /// <summary>
    /// Merges <paramref name="process"/> over each env file in order; problems in an env file (a malformed line, a
    /// required variable without value) are added to <paramref name="diagnostics"/> with the env file's line:column.
    /// </summary>
    public static Dictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> process,
        IEnumerable<(string File, string Text)> envFiles,
        List<ComposeDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(envFiles);
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, text) in envFiles)
        {
            string? Lookup(string name) => process.TryGetValue(name, out var value) ? value : merged.GetValueOrDefault(name);
            foreach (var (key, value) in DotEnvParser.Parse(text, file, Lookup, diagnostics))
            {
                merged[key] = value;
            }
        }
        foreach (var (key, value) in process)
        {
            merged[key] = value;
        }
        return merged;
    }
}
