using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Codemason.Controller.Git;

/// <summary>
/// Starts git programs with an argument list (never a shell) and an environment of its own: the controller's PATH and
/// the given variables, nothing else of the controller's (no stray <c>GIT_*</c>, no user config).
/// </summary>
internal static class GitProcess
{
    /// <summary>Variables every git program the controller runs gets, besides PATH.</summary>
    private static readonly KeyValuePair<string, string>[] Hermetic =
    [
        // The controller's own user (root in a container) may have a ~/.gitconfig; it must not change how remotes behave.
        new("GIT_CONFIG_GLOBAL", "/dev/null"),
        new("GIT_TERMINAL_PROMPT", "0"),
        new("LC_ALL", "C"),
    ];

    /// <summary>A start info for <paramref name="program"/> with redirected streams and only the given environment.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>> environment,
        bool redirectInput = false)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment.Clear();
        start.Environment["PATH"] = path;
        foreach (var (name, value) in Hermetic.Concat(environment))
        {
            start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>Starts the process; a program that cannot start is a <see cref="GitCommandException"/>.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new GitCommandException($"{start.FileName} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new GitCommandException($"cannot run {start.FileName}", ex);
        }
    }

    /// <summary>
    /// Runs git to the end and returns its exit code, stdout and stderr (stdout into <paramref name="output"/> when
    /// given, then the returned text is empty). Cancellation kills it.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string git, IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment, CancellationToken cancellationToken, Stream? output = null)
    {
        using var process = Start(StartInfo(git, arguments, environment));
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        Task<string> text;
        try
        {
            text = output is null
                ? process.StandardOutput.ReadToEndAsync(cancellationToken)
                : CopyAsync(process.StandardOutput.BaseStream, output, cancellationToken);
            await text;
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (Exception) when (!process.HasExited)
        {
            // Cancelled, or the destination failed: nobody reads the rest.
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await text, (await error).Trim());
    }

    private static async Task<string> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        await source.CopyToAsync(destination, cancellationToken);
        return "";
    }
}
