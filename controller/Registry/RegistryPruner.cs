using System.Collections.Concurrent;
using Codemason.Controller.Store;
using Codemason.Mortar;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>
/// Deletes an app's old images from its environment's registry after each successful push (docs/registry.md): per
/// service, the <see cref="RegistryOptions.KeepTags"/> newest tags stay, and so does every tag the app's newest
/// <see cref="RegistryOptions.KeepTags"/> revisions run. One pass per app at a time, in the background.
/// </summary>
public sealed partial class RegistryPruner(
    IAppStore apps, IBuildStore builds, RegistryConnections connections, IOptions<RegistryOptions> options, ILogger<RegistryPruner> logger)
{
    private readonly ConcurrentDictionary<AppKey, bool> _running = new();

    /// <summary>Starts a pass for <paramref name="app"/> unless one runs; its failures are logged.</summary>
    public void Schedule(AppKey app, string address, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd(app, true))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var deleted = await PruneAsync(app, address, cancellationToken);
                if (deleted > 0)
                {
                    LogPruned(app.ToString(), deleted, address);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(app.ToString(), address, ex.Message);
            }
            finally
            {
                _running.TryRemove(app, out _);
            }
        }, CancellationToken.None);
    }

    /// <summary>Prunes every repository of <paramref name="app"/> at <paramref name="address"/>; returns how many tags went.</summary>
    public async Task<int> PruneAsync(AppKey app, string address, CancellationToken cancellationToken)
    {
        var keep = options.Value.KeepTags;
        // The listing leaves the model out; each kept revision is read whole.
        var kept = new List<Mortar.Model.AppSpec>();
        foreach (var listed in (await apps.ListRevisionsAsync(app, cancellationToken)).Take(keep))
        {
            if (await apps.GetRevisionAsync(app, (long)listed.Number, cancellationToken) is { } revision)
            {
                kept.Add(MortarJson.DeserializeApp(revision.NormalizedJson));
            }
        }
        var history = await builds.ListBuildsAsync(app.Environment, app.App, int.MaxValue, cancellationToken);
        var client = connections.For(address);
        var deleted = 0;
        foreach (var inputs in RegistryPruneInputs.From(address, history, kept))
        {
            var plan = await client.PruneAsync(inputs.Repository, inputs.PushedAt, inputs.InUse, keep, cancellationToken);
            deleted += plan.Tags.Count;
        }
        return deleted;
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "pruned {Count} old image tags of {App} from the registry at {Address}")]
    private partial void LogPruned(string app, int count, string address);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "pruning the images of {App} from the registry at {Address} failed: {Reason}")]
    private partial void LogFailed(string app, string address, string reason);
}
