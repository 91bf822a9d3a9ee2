using System.Diagnostics;

namespace Codemason.Testing.Git;

/// <summary>
/// git as a user runs it beside mason: the same HOME and XDG_CONFIG_HOME as mason (so the credential helper mason set up
/// finds its login), no terminal, a fixed author, and no CA bundle forced by the environment (some machines set
/// GIT_SSL_CAINFO, which would win over the remote's sslCAInfo).
/// </summary>
public sealed class UserGit(string home)
{
    public async Task<(int ExitCode, string Output)> RunAsync(string directory, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment.Remove("GIT_SSL_CAINFO");
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await stdout + await stderr;
        await NUnit.Framework.TestContext.Out.WriteLineAsync($"$ git {string.Join(' ', args)} (exit {process.ExitCode})\n{output}");
        return (process.ExitCode, output);
    }
}
