namespace Codemason.Cli.Commands.Create;

/// <summary>How git calls this mason back as its credential helper: the running executable, quoted for git's shell.</summary>
internal static class MasonInvocation
{
    /// <summary>A <c>credential.helper</c> value (<c>!'/usr/local/bin/mason' git-credential</c>).</summary>
    public static string CredentialHelper()
    {
        var process = Environment.ProcessPath ?? "mason";
        // Run through `dotnet mason.dll` (development), the helper must name both (the first argument is the dll);
        // compiled ahead of time, only the binary.
        var assembly = Environment.GetCommandLineArgs().FirstOrDefault() ?? "";
        var command = Path.GetFileNameWithoutExtension(process) == "dotnet" && assembly.EndsWith(".dll", StringComparison.Ordinal)
            ? $"{Quote(process)} {Quote(assembly)}"
            : Quote(process);
        return $"!{command} git-credential";
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
