using Codemason.Agent.Assignments;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Hosting;

/// <summary>
/// Standalone mode: reads the assignments file and reloads it when it changes (polled once a
/// second, which survives editors that replace the file). A malformed file is reported and the
/// last good assignments stay in force.
/// </summary>
public sealed partial class AssignmentsFileSource(string path, AssignmentApplier applier, TimeProvider time, ILogger<AssignmentsFileSource> logger)
{
    /// <summary>How often the file is checked for changes.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? lastText = null;
        var missingReported = false;
        using var timer = new PeriodicTimer(PollInterval, time);
        do
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, cancellationToken);
                missingReported = false;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (!missingReported)
                {
                    LogUnreadable(path, ex.Message);
                    missingReported = true;
                }
                continue;
            }
            if (text == lastText)
            {
                continue;
            }
            lastText = text;
            try
            {
                var set = AssignmentsFile.Parse(text, path);
                // The file is the whole truth: each version is a COMPLETE set at the next revision.
                set.Revision = (ulong)(applier.Revision + 1);
                await applier.ApplyAsync(set, cancellationToken);
            }
            catch (AssignmentsFileException ex)
            {
                LogInvalid(ex.Message);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Error, Message = "cannot read the assignments file {Path}: {Reason}; keeping the last assignments")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "{Reason}; keeping the last good assignments")]
    private partial void LogInvalid(string reason);
}
