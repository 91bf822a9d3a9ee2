using Codemason.Agent.Assignments;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Hosting;

/// <summary>
/// Standalone mode: reads the assignments file and reloads it when it changes: at once on a
/// file-system notification, and polled once a second as a backstop (editors that replace the file,
/// file systems without notifications). A malformed file is reported and the last good assignments
/// stay in force.
/// </summary>
public sealed partial class AssignmentsFileSource(string path, AssignmentApplier applier, TimeProvider time, ILogger<AssignmentsFileSource> logger)
{
    /// <summary>How often the file is checked for changes.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? lastText = null;
        var missingReported = false;
        using var changed = new SemaphoreSlim(0);
        using var watcher = Watch(changed);
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
        while (await WaitAsync(changed, cancellationToken));
    }

    private FileSystemWatcher? Watch(SemaphoreSlim changed)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }
        var watcher = new FileSystemWatcher(directory, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler onChange = (_, _) => changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Waits for a change notification or the poll interval, whichever comes first.</summary>
    private async Task<bool> WaitAsync(SemaphoreSlim changed, CancellationToken cancellationToken)
    {
        try
        {
            using var interval = new CancellationTokenSource(PollInterval, time);
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            try
            {
                await changed.WaitAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The poll interval passed without a notification: look anyway.
            }
            // Drain notifications of the same write burst.
            while (changed.CurrentCount > 0)
            {
                await changed.WaitAsync(cancellationToken);
            }
            return true;
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
