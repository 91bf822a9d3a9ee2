using System.Globalization;
using Codemason.Controller.Catalog;
using Codemason.Controller.Errors;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Codemason.Mortar;
using Codemason.Proto.V1;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Apply;

/// <summary>
/// Turns user intent into revisions: apply (mason.json → Mortar → agent specs → one stored revision), rollback,
/// scale and delete; then has the reconcile loop place what is new. Operations on one app are serialised, so a
/// scale or rollback never loses a concurrent apply; concurrent applies each get the next revision.
/// </summary>
public sealed partial class ApplyCoordinator(
    IEnvironmentStore environments,
    IAppStore apps,
    IReconciler reconciler,
    AppLocks locks,
    ILogger<ApplyCoordinator> logger,
    IOptions<ApplyOptions>? options = null,
    ICatalog? catalog = null)
{
    private readonly ICatalog _catalog = catalog ?? CatalogSet.Empty;
    private readonly int _maxReplicas = options?.Value.MaxReplicasPerApply ?? ApplyOptions.DefaultMaxReplicasPerApply;

    /// <summary>Reason recorded for a plain apply.</summary>
    public const string ApplyReason = "apply";

    /// <summary>
    /// Checks a mason.json as an apply would (Mortar, the host policy, links and routes in the environment) without storing
    /// anything.
    /// </summary>
    /// <exception cref="InvalidMasonJsonException">The file has errors.</exception>
    public async Task<Mortar.Model.AppSpec> ValidateAsync(ApplyCommand command, CancellationToken cancellationToken)
    {
        var (result, _) = await ProcessAsync(command, cancellationToken);
        await CheckRoutesAsync(new AppKey(command.Environment, result.App!.Name.Value), result, cancellationToken);
        return result.App;
    }

    /// <summary>Validates, normalises and stores a mason.json as the app's next revision (or, with dry run, only reports what would happen).</summary>
    public async Task<ApplyOutcome> ApplyAsync(ApplyCommand command, CancellationToken cancellationToken)
    {
        var (result, creations) = await ProcessAsync(command, cancellationToken);
        var key = new AppKey(command.Environment, result.App!.Name.Value);
        // The current revision's built images stay when this apply brings none; only apps built from source need it
        // (GetRevisionAsync throws for an app that does not exist yet).
        var current = result.App.Services.Any(s => s.Build is not null) && await apps.GetAppAsync(key, cancellationToken) is not null
            ? await apps.GetRevisionAsync(key, 0, cancellationToken)
            : null;
        var app = BuiltImages.Resolve(result.App, command.BuiltImages,
            current is null ? null : MortarJson.DeserializeApp(current.NormalizedJson));
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Environment"] = key.Environment, ["App"] = key.App });
        System.Diagnostics.Activity.Current?.SetTag("codemason.app", key.App);
        var services = ContainerSpecMapper.ToServiceDrafts(app);
        if (TooManyReplicas(services) is { } tooMany)
        {
            throw new InvalidRequestException($"invalid mason.json: {tooMany}");
        }
        var model = MortarJson.Serialize(app);
        if (command.DryRun)
        {
            await CheckRoutesAsync(key, result, cancellationToken);
            return await DryRunAsync(key, model, services, cancellationToken);
        }
        var draft = new RevisionDraft(
            key,
            command.Who,
            ApplyReason,
            command.MasonJson ?? "",
            SecretRedaction.RedactAnswers(command.Answers, result.Questions),
            model,
            services)
        {
            Spec = app,
        };
        // The services its links need come first, so its replicas find them.
        foreach (var item in creations)
        {
            await CreateFromCatalogAsync(command, key, item, cancellationToken);
        }
        try
        {
            return await CommitAsync(draft, cancellationToken);
        }
        catch (RouteRefusedException refused)
        {
            throw new InvalidMasonJsonException(RouteErrors.AtSources(refused.Problems, result.RouteSources));
        }
    }

    private async Task<(MortarResult Result, IReadOnlyList<Catalog.CatalogItem> Creations)> ProcessAsync(ApplyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireName(command.Environment, "environment");
        var policy = await environments.GetHostPolicyAsync(command.Environment, cancellationToken)
            ?? throw new NotFoundException($"environment \"{command.Environment}\" does not exist");
        var discovery = new EnvironmentServiceDiscovery(apps, command.Environment, _catalog.Current, command.CreateFromCatalog);
        var context = new MortarContext
        {
            HostPolicy = policy,
            Answers = command.Answers,
            Branch = string.IsNullOrEmpty(command.Branch) ? null : command.Branch,
            Commit = string.IsNullOrEmpty(command.Commit) ? null : command.Commit,
            Discovery = discovery,
        };
        var result = await MortarPipeline.ProcessAsync(command.MasonJson ?? "", context, cancellationToken);
        return result.Succeeded ? (result, discovery.Creations) : throw new InvalidMasonJsonException(result.Errors);
    }

    /// <summary>
    /// Refuses routes another app of the environment owns, or whose target does not exist, at their line:column; the
    /// commit checks again inside its transaction, which is what makes ownership hold under concurrent applies.
    /// </summary>
    private async Task CheckRoutesAsync(AppKey key, MortarResult result, CancellationToken cancellationToken)
    {
        if (result.App!.Routes.Count == 0)
        {
            return;
        }
        var problems = await apps.CheckRoutesAsync(key, result.App, cancellationToken);
        if (problems.Count > 0)
        {
            throw new InvalidMasonJsonException(RouteErrors.AtSources(problems, result.RouteSources));
        }
    }

    /// <summary>Makes a new revision from an older one's model ("rollback to N"); 0 = the one before the current.</summary>
    public async Task<ApplyOutcome> RollbackAsync(AppKey key, long toRevision, string who, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            var current = await apps.GetRevisionAsync(key, 0, cancellationToken)
                ?? throw new NotFoundException($"app \"{key.App}\" has no revision");
            var number = toRevision == 0 ? (long)current.Number - 1 : toRevision;
            if (number < 1)
            {
                throw new FailedPreconditionException($"app \"{key.App}\" has no revision before {current.Number}");
            }
            var target = await apps.GetRevisionAsync(key, number, cancellationToken)
                ?? throw new NotFoundException($"revision {number} of app \"{key.App}\" is not kept (only the most recent revisions are)");
            var app = MortarJson.DeserializeApp(target.NormalizedJson);
            var draft = new RevisionDraft(
                key,
                who,
                string.Create(CultureInfo.InvariantCulture, $"rollback to {number}"),
                target.Source,
                target.Answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
                MortarJson.Serialize(app),
                ContainerSpecMapper.ToServiceDrafts(app),
                (long)current.Number)
            {
                Spec = app,
            };
            if (TooManyReplicas(draft.Services) is { } tooMany)
            {
                throw new FailedPreconditionException($"cannot roll back to revision {number}: {tooMany}");
            }
            return await CommitLockedAsync(draft, cancellationToken);
        }
    }

    /// <summary>Makes a new revision with one service's scale changed ("scale web=4").</summary>
    public async Task<ApplyOutcome> ScaleAsync(AppKey key, string service, int replicas, string who, CancellationToken cancellationToken)
    {
        RequireName(service, "service");
        if (replicas < 0 || replicas > MortarLimits.DefaultMaxScale)
        {
            throw new InvalidRequestException($"replicas must be 0–{MortarLimits.DefaultMaxScale}, not {replicas}");
        }
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            var current = await apps.GetRevisionAsync(key, 0, cancellationToken)
                ?? throw new NotFoundException($"app \"{key.App}\" has no revision");
            var app = MortarJson.DeserializeApp(current.NormalizedJson);
            var target = app.FindService(service)
                ?? throw new NotFoundException($"app \"{key.App}\" has no service \"{service}\" (it has {string.Join(", ", app.Services.Select(s => s.Name.Value))})");
            var scaled = app with { Services = [.. app.Services.Select(s => ReferenceEquals(s, target) ? s with { Scale = replicas } : s)] };
            var draft = new RevisionDraft(
                key,
                who,
                string.Create(CultureInfo.InvariantCulture, $"scale {target.Name}={replicas}"),
                current.Source,
                current.Answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
                MortarJson.Serialize(scaled),
                ContainerSpecMapper.ToServiceDrafts(scaled),
                (long)current.Number)
            {
                Spec = scaled,
            };
            if (TooManyReplicas(draft.Services) is { } tooMany)
            {
                throw new FailedPreconditionException($"cannot scale {target.Name} to {replicas}: {tooMany}");
            }
            return await CommitLockedAsync(draft, cancellationToken);
        }
    }

    /// <summary>Why <paramref name="services"/> ask for too many replicas, naming the limit; null when they do not.</summary>
    private string? TooManyReplicas(IReadOnlyList<ServiceDraft> services)
    {
        var total = services.Sum(s => (long)s.Scale);
        return total <= _maxReplicas ? null : string.Create(CultureInfo.InvariantCulture,
            $"the app asks for {total} replicas in all, more than the limit of {_maxReplicas} per app (Apply:MaxReplicasPerApply)");
    }

    /// <summary>Removes an app: its replicas go, agents are told it was deleted.</summary>
    public async Task<long> DeleteAsync(AppKey key, string who, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            var revision = await apps.DeleteAppAsync(key, who, cancellationToken);
            LogDeleted(logger, key.Environment, key.App, who, revision);
            return revision;
        }
    }

    private async Task<ApplyOutcome> CommitAsync(RevisionDraft draft, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(draft.App, cancellationToken))
        {
            return await CommitLockedAsync(draft, cancellationToken);
        }
    }

    private async Task<ApplyOutcome> CommitLockedAsync(RevisionDraft draft, CancellationToken cancellationToken)
    {
        var commit = await apps.CommitRevisionAsync(draft, cancellationToken);
        if (commit.Changed)
        {
            LogCommitted(logger, draft.App.Environment, draft.App.App, commit.AppRevision, draft.Reason, draft.CreatedBy);
            // The revision is durable already: a failed placement does not turn the apply into an error; the loop
            // retries it and the replicas show pending meanwhile.
            await reconciler.ReconcileAsync(ReconcileTarget.ForApp(draft.App), cancellationToken);
        }
        var app = await apps.GetAppAsync(draft.App, cancellationToken)
            ?? throw new NotFoundException($"app \"{draft.App.App}\" disappeared while it was applied");
        return new ApplyOutcome(app, commit.Changed, commit.StoreRevision, commit.ChangedServices);
    }

    private async Task<ApplyOutcome> DryRunAsync(AppKey key, string model, IReadOnlyList<ServiceDraft> drafts, CancellationToken cancellationToken)
    {
        var services = await apps.WithStoredHashesAsync(key, drafts, cancellationToken);
        var current = await apps.GetAppAsync(key, cancellationToken);
        var currentModel = current is null ? null : (await apps.GetRevisionAsync(key, 0, cancellationToken))?.NormalizedJson;
        var changed = !string.Equals(currentModel, model, StringComparison.Ordinal);
        var previous = current?.Services.ToDictionary(s => s.Name, s => s.SpecHash, StringComparer.Ordinal) ?? [];
        var app = new App
        {
            Environment = key.Environment,
            Name = key.App,
            Revision = (current?.Revision ?? 0) + (changed ? 1UL : 0UL),
        };
        app.Services.Add(services.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new Proto.V1.Service
        {
            Name = s.Name,
            Scale = (uint)s.Scale,
            Image = s.Spec.Image,
            SpecHash = s.SpecHash.Value,
            Ports = { s.Ports },
        }));
        var changedServices = services.Where(s => !previous.TryGetValue(s.Name, out var hash) || hash != s.SpecHash.Value).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        return new ApplyOutcome(app, changed, current is null ? 0 : (long)current.StoreRevision, changedServices);
    }

    private static void RequireName(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidRequestException($"{what} is required");
        }
    }
}
