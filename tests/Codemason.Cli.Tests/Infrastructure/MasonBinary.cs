using System.Diagnostics;

namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>
/// Runs mason as a child process — the shipped ahead-of-time binary when <c>CODEMASON_MASON_BINARY</c> names it
/// (<c>make test</c> does), else the built <c>mason.dll</c> through <c>dotnet</c> — with a clean environment
/// (its own HOME and XDG_CONFIG_HOME, no CODEMASON_* or NO_COLOR from the caller) and a working directory.
/// </summary>
public sealed class MasonBinary(string workingDirectory, string home)
{
    private static readonly string[] Inherited = ["PATH", "DOTNET_ROOT", "DOTNET_CLI_HOME", "TMPDIR", "LANG"];

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The shipped binary under test, when <c>CODEMASON_MASON_BINARY</c> names one.</summary>
    public static string? Shipped => System.Environment.GetEnvironmentVariable("CODEMASON_MASON_BINARY") is { Length: > 0 } path ? path : null;

    /// <summary>How a shell runs mason: the shipped binary, or <c>dotnet mason.dll</c>.</summary>
    public static string ShellCommand => Shipped is { } shipped ? $"'{shipped}'" : $"dotnet '{DllPath}'";

    /// <summary>The mason.dll next to the tests (the project reference copies it with its runtimeconfig).</summary>
    public static string DllPath
    {
        get
        {
            var local = Path.Combine(AppContext.BaseDirectory, "mason.dll");
            if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "mason.runtimeconfig.json")))
            {
                return local;
            }
            return Path.Combine(RepoPaths.Root, "cli", "bin", RepoPaths.Configuration, "net10.0", "mason.dll");
        }
    }

    public ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo(Shipped ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Shipped is null)
        {
            start.ArgumentList.Add(DllPath);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        foreach (var name in Inherited)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }
        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    public async Task<MasonResult> RunAsync(string[] args, CancellationToken ct, string? stdin = null)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new MasonResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<MasonResult> RunAsync(CancellationToken ct, params string[] args) => RunAsync(args, ct);
}
