using Codemason.Controller.Store;

namespace Codemason.Controller.Builds;

/// <summary>At start, marks the builds a stopped controller left queued or building as failed: their pushes ended with it.</summary>
public sealed partial class UnfinishedBuilds(IBuildStore builds, ILogger<UnfinishedBuilds> logger) : IHostedService
{
    /// <summary>The error such builds get.</summary>
    public const string Reason = "the controller stopped during the build; push again";

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var failed = await builds.FailUnfinishedBuildsAsync(Reason, cancellationToken);
        if (failed > 0)
        {
            LogFailed(logger, failed);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(4120, LogLevel.Warning, "{Count} builds were unfinished when the controller stopped; they are marked failed")]
    private static partial void LogFailed(ILogger logger, int count);
}
