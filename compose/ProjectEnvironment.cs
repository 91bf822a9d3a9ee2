using Codemason.Compose.Interpolation;

namespace Codemason.Compose;

/// <summary>
/// The variables a compose file is interpolated with, merged as compose does: the process environment wins over
/// the <c>.env</c> file next to the compose file (or the <c>--env-file</c> files, which replace it, later ones winning).
/// </summary>
public static class ProjectEnvironment
{
    /// <summary>
    /// Looks variables up in <paramref name="process"/>, then in the env files (a later file winning); problems in an env file (a malformed line, a
    /// required variable without value) are added to <paramref name="diagnostics"/> with the env file's line:column.
    /// </summary>
    public static Func<string, string?> Merge(
        Func<string, string?> process,
        IEnumerable<(string File, string Text)> envFiles,
        List<ComposeDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(envFiles);
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, text) in envFiles)
        {
            string? Lookup(string name) => process(name) ?? merged.GetValueOrDefault(name);
            foreach (var (key, value) in DotEnvParser.Parse(text, file, Lookup, diagnostics))
            {
                merged[key] = value;
            }
        }
        return name => process(name) ?? merged.GetValueOrDefault(name);
    }
}
