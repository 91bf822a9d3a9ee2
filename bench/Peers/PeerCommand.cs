using System.Diagnostics;
using System.Text;

namespace Codemason.Bench.Peers;

/// <summary>What a finished command printed and how long it took.</summary>
internal sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a peer's command line (docker, docker-compose, mason) to completion, with a time limit.</summary>
internal static class PeerCommand
{
    /// <summary>
    /// Runs <paramref name="program"/> and returns its exit code, its stdout and stderr interleaved, and the
    /// wall-clock time from start to exit. A command still running after <paramref name="timeout"/> is killed
    /// (it was started here, so only its own process tree) and reported with exit code -1.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var watch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, Text(output) + $"\n(killed after {timeout.TotalSeconds:0} s)", watch.Elapsed);
        }
        var elapsed = watch.Elapsed;
        // WaitForExitAsync returns after the redirected streams reached their end, so the output is complete.
        return new CommandResult(process.ExitCode, Text(output), elapsed);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a failed command is an exception that carries its output.</summary>
    public static async Task<CommandResult> CheckedAsync(
        string program,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(program, list, timeout, cancellationToken, environment, workingDirectory);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"`{Path.GetFileName(program)} {string.Join(' ', list)}` exited with {result.ExitCode}: {Tail(result.Output)}");
        }
        return result;
    }

    /// <summary>The last few lines of a command's output, for an error message.</summary>
    public static string Tail(string output, int lines = 6) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));

    /// <summary>True when <paramref name="program"/> is found on PATH.</summary>
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
