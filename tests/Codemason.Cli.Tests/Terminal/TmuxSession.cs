using System.Diagnostics;

namespace Codemason.Cli.Tests.Terminal;

/// <summary>
/// A tmux server on its own socket running one window: a real terminal for prompts and live views.
/// Keys go in with <c>send-keys</c>, the screen comes out with <c>capture-pane</c>; dispose kills only this server.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _socket = "mason-test-" + Guid.NewGuid().ToString("N")[..8];

    public static bool IsAvailable => File.Exists("/usr/bin/tmux") || File.Exists("/usr/local/bin/tmux");

    /// <summary>Starts <paramref name="command"/> (run by sh) in a 160x40 window; the window stays open after it ends.</summary>
    public async Task StartAsync(string command, string workingDirectory, CancellationToken ct)
    {
        await RunAsync(ct, "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "160", "-y", "40", "-c", workingDirectory, command + "; echo \"[exit $?]\"; sleep 600");
    }

    public Task SendKeysAsync(string keys, CancellationToken ct) => RunAsync(ct, "send-keys", "-t", "main", "-l", keys);

    public Task SendEnterAsync(CancellationToken ct) => RunAsync(ct, "send-keys", "-t", "main", "Enter");

    public Task<string> CaptureAsync(CancellationToken ct) => RunAsync(ct, "capture-pane", "-p", "-t", "main", "-S", "-100");

    /// <summary>Polls the screen until it contains <paramref name="text"/>; returns the screen.</summary>
    public async Task<string> WaitForAsync(string text, CancellationToken ct)
    {
        var screen = string.Empty;
        while (!ct.IsCancellationRequested)
        {
            screen = await CaptureAsync(ct);
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"'{text}' never appeared; the screen was:\n{screen}");
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await RunAsync(cts.Token, "kill-server");
        }
        catch (InvalidOperationException)
        {
            // The server is already gone.
        }
    }

    private async Task<string> RunAsync(CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {await error}");
        }
        return await output;
    }
}
