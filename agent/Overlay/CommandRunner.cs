using System.ComponentModel;
using System.Diagnostics;

namespace Codemason.Agent.Overlay;

/// <summary>
/// Runs the network tools as processes, each command after an optional prefix: empty in production (the agent runs
/// in the host's network namespace), <c>nsenter --net=/var/run/netns/NAME</c> in tests aimed at a harness node.
/// </summary>
/// <param name="prefix">Words put before every command.</param>
public sealed class CommandRunner(IReadOnlyList<string> prefix)
{
    /// <summary>A runner without prefix.</summary>
    public CommandRunner()
        : this([])
    {
    }

    /// <summary>The words put before every command.</summary>
    public IReadOnlyList<string> Prefix { get; } = prefix;

    /// <summary>A runner whose commands run in the named network namespace (<c>ip netns</c>'s <c>/var/run/netns/NAME</c>).</summary>
    public static CommandRunner InNetworkNamespace(string name) => new(["nsenter", $"--net=/var/run/netns/{name}"]);

    /// <summary>Runs the command and returns how it ended, whatever its exit code.</summary>
    /// <exception cref="CommandFailedException">The program could not be started.</exception>
    public async Task<CommandResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = Prefix.Concat(command).ToList();
        var start = new ProcessStartInfo(arguments[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CommandFailedException(arguments, -1, "not started");
        }
        catch (Win32Exception ex)
        {
            throw new CommandFailedException(arguments, -1, ex.Message);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return new CommandResult(process.ExitCode, await output, await error);
        }
    }

    /// <summary>Runs the command and returns its stdout.</summary>
    /// <exception cref="CommandFailedException">It could not be started or exited with a code other than 0.</exception>
    public async Task<string> RunCheckedAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await RunAsync(command, cancellationToken);
        return result.ExitCode == 0
            ? result.Output
            : throw new CommandFailedException(Prefix.Concat(command).ToList(), result.ExitCode, result.Error);
    }
}
