using System.Globalization;
using System.Text.Json;
using Codemason.Controller.Apply;
using Codemason.Controller.Errors;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public async Task<RevisionCommitResult> CommitRevisionAsync(RevisionDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var result = await WriteAsync(context => Commit(context, draft), cancellationToken);
        if (result.Changed)
        {
            Log.RevisionCommitted(_logger, draft.App.Environment, draft.App.App, result.AppRevision, result.StoreRevision, draft.Reason);
        }
        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceDraft>> WithStoredHashesAsync(AppKey app, IReadOnlyList<ServiceDraft> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return ReadAsync<IReadOnlyList<ServiceDraft>>(session => KeepUnchangedHashes(services, CurrentServices(session, app)), cancellationToken);
    }

    private RevisionCommitResult Commit(StoreWriteContext context, RevisionDraft draft)
    {
        var key = draft.App;
        RequireEnvironment(context, key.Environment);
        var existing = context.QuerySingle(
            "SELECT current_revision, deleted_at IS NOT NULL FROM apps WHERE environment = $environment AND name = $name",
            r => Tuple.Create(r.GetInt64(0), r.GetInt64(1) != 0),
            ("$environment", key.Environment), ("$name", key.App));
        var live = existing is { Item2: false };
        var current = existing?.Item1 ?? 0;
        if (draft.ExpectedCurrentRevision is { } expected && (live ? current : 0) != expected)
        {
            throw new ConflictException($"app {key} is at revision {(live ? current : 0)}, not {expected}; read it again and retry");
        }
        if (live)
        {
            var model = context.Scalar(
                "SELECT model FROM revisions WHERE environment = $environment AND app = $app AND number = $number",
                ("$environment", key.Environment), ("$app", key.App), ("$number", current)) as string;
            if (string.Equals(model, draft.ModelJson, StringComparison.Ordinal))
            {
                return new RevisionCommitResult(false, current, CurrentRevision, []);
            }
        }
        if (draft.Spec is { Routes.Count: > 0 } spec)
        {
            var problems = RouteCheck.Find(spec, OtherAppModels(context, key, spec), key.Environment);
            if (problems.Count > 0)
            {
                throw new RouteRefusedException(problems);
            }
        }
        var number = current + 1;
        var previous = live ? CurrentServices(context, key) : [];
        var services = KeepUnchangedHashes(draft.Services, previous);

        context.Execute(
            """
            INSERT INTO apps (environment, name, current_revision, updated_at, updated_by, deleted_at, revision)
            VALUES ($environment, $name, $number, $at, $by, NULL, $revision)
            ON CONFLICT (environment, name) DO UPDATE SET current_revision = $number, updated_at = $at, updated_by = $by, deleted_at = NULL, revision = $revision
            """,
            ("$environment", key.Environment), ("$name", key.App), ("$number", number), ("$at", context.NowMs), ("$by", draft.CreatedBy), ("$revision", context.Revision));
        context.Execute(
            """
            INSERT INTO revisions (environment, app, number, created_at, created_by, reason, source, answers, model, revision)
            VALUES ($environment, $app, $number, $at, $by, $reason, $source, $answers, $model, $revision)
            """,
            ("$environment", key.Environment), ("$app", key.App), ("$number", number), ("$at", context.NowMs), ("$by", draft.CreatedBy),
            ("$reason", draft.Reason), ("$source", draft.Source), ("$answers", StoreJson.Map(draft.Answers)), ("$model", draft.ModelJson),
            ("$revision", context.Revision));
        foreach (var service in services)
        {
            context.Execute(
                """
                INSERT INTO services (environment, app, app_revision, name, spec_hash, spec, scale, image, ports, memory_mb, cpu_shares, revision, placement)
                VALUES ($environment, $app, $number, $name, $hash, $spec, $scale, $image, $ports, $memory, $cpu, $revision, $placement)
                """,
                ("$environment", key.Environment), ("$app", key.App), ("$number", number), ("$name", service.Name), ("$hash", service.SpecHash.Value),
                ("$spec", service.Spec.ToByteArray()), ("$scale", service.Scale), ("$image", service.Spec.Image), ("$ports", StoreJson.List(service.Ports)),
                ("$memory", service.Spec.MemoryMb), ("$cpu", service.Spec.CpuShares), ("$revision", context.Revision),
                ("$placement", StoredPlacement.ToJson(service.Placement)));
        }
        var changedServices = services
            .Where(s => !previous.TryGetValue(s.Name, out var before) || before.Hash != s.SpecHash)
            .Select(s => s.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        ReconcileReplicas(context, key, number, services);
        PruneRevisions(context, key, number);

        var app = StoreQueries.LoadApp(context, key)!;
        context.AddChange(ResourceKind.App, live ? ChangeType.Modified : ChangeType.Added, key.Environment, key.App, key.App, app);
        if (!live)
        {
            EmitEnvironment(context, key.Environment);
        }
        context.AddEvent(new NewEvent(
            "applied",
            string.Create(CultureInfo.InvariantCulture, $"revision {number} by {draft.CreatedBy} ({draft.Reason})") +
                (changedServices.Count > 0 ? "; changed: " + string.Join(", ", changedServices) : ""),
            key.Environment,
            key.App,
            Actor: draft.CreatedBy));
        return new RevisionCommitResult(true, number, context.Revision, changedServices);
    }

    /// <summary>
    /// The current models of the environment's other live apps that <see cref="RouteCheck"/> needs for <paramref name="spec"/>:
    /// those with routes, and those its routes target; each named as stored. A model this controller did not write
    /// (it cannot be read) has neither routes nor services to offer, so it is left out.
    /// </summary>
    private static List<Mortar.Model.AppSpec> OtherAppModels(StoreSession session, AppKey key, Mortar.Model.AppSpec spec)
    {
        var targets = spec.Routes.Select(r => r.TargetApp.Value).Distinct(StringComparer.Ordinal);
        var models = new List<Mortar.Model.AppSpec>();
        foreach (var (name, model) in CurrentRouteModels(session, key.Environment, key.App, targets))
        {
            try
            {
                models.Add(Mortar.MortarJson.DeserializeApp(model) with { Name = new Mortar.Model.AppName(name) });
            }
            catch (JsonException)
            {
                // Not a model of this controller's Mortar: it declares no route and no service a route could reach.
            }
        }
        return models;
    }

    /// <summary>The name, stored hash and spec of each service of the app's current revision (none when it has no live revision).</summary>
    private static Dictionary<string, (string Name, SpecHash Hash, byte[] Spec)> CurrentServices(StoreSession session, AppKey key) =>
        session.Query(
            """
            SELECT s.name, s.spec_hash, s.spec FROM services s JOIN apps a
              ON a.environment = s.environment AND a.name = s.app AND a.current_revision = s.app_revision
            WHERE a.environment = $environment AND a.name = $app AND a.deleted_at IS NULL
            """,
            r => (Name: r.GetString(0), Hash: SpecHash.Parse(r.GetString(1)), Spec: (byte[])r[2]),
            ("$environment", key.Environment), ("$app", key.App)).ToDictionary(x => x.Name, StringComparer.Ordinal);

    /// <summary>
    /// The drafts with the hash each service runs under: a service whose spec is the previous revision's keeps the
    /// previous revision's hash. That is the hash computed now, unless a controller before docs/identities.md stored it
    /// (it hashed Mortar's model, not the spec): keeping it keeps the labels of the running containers equal, so an
    /// upgrade replaces none of them.
    /// </summary>
    private static List<ServiceDraft> KeepUnchangedHashes(
        IReadOnlyList<ServiceDraft> services, Dictionary<string, (string Name, SpecHash Hash, byte[] Spec)> previous) =>
        [.. services.Select(s => previous.TryGetValue(s.Name, out var before) && before.Hash != s.SpecHash
            && SpecHash.Of(ContainerSpec.Parser.ParseFrom(before.Spec)) == s.SpecHash
                ? s with { SpecHash = before.Hash }
                : s)];

    /// <summary>
    /// Makes the app's replicas match the services: indexes 1..scale, new spec → new app revision, the rest removed.
    /// Returns how many rows it wrote.
    /// </summary>
    private static int ReconcileReplicas(StoreWriteContext context, AppKey key, long number, IReadOnlyList<ServiceDraft> services)
    {
        var written = 0;
        var existing = context.Query(
            "SELECT id, service, idx, spec_hash, node_id FROM replicas WHERE environment = $environment AND app = $app",
            r => (Id: r.GetString(0), Service: r.GetString(1), Index: r.GetInt32(2), Hash: r.GetString(3), Node: r.IsDBNull(4) ? (NodeId?)null : NodeId.Parse(r.GetString(4))),
            ("$environment", key.Environment), ("$app", key.App)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var desired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            for (var index = 1; index <= service.Scale; index++)
            {
                var id = new ReplicaId(key, service.Name, index).Value;
                desired.Add(id);
                if (existing.TryGetValue(id, out var replica))
                {
                    if (replica.Hash == service.SpecHash.Value)
                    {
                        continue;
                    }
                    var value = StoreQueries.WriteReplica(
                        context,
                        "UPDATE replicas SET app_revision = $number, spec_hash = $hash, updated_at = $now, revision = $revision WHERE id = $id" + StoreQueries.ReturningReplica,
                        ("$number", number), ("$hash", service.SpecHash.Value), ("$now", context.NowMs), ("$revision", context.Revision), ("$id", id));
                    context.AddChange(ResourceKind.Replica, ChangeType.Modified, key.Environment, key.App, id, value, replica.Node, assignment: replica.Node is not null);
                    written++;
                }
                else
                {
                    var value = StoreQueries.WriteReplica(
                        context,
                        """
                        INSERT INTO replicas (id, environment, app, service, idx, app_revision, spec_hash, node_id, explanation, state, container_id,
                                              exit_code, message, last_log_lines, restart_count, ports, observed_spec_hash, observed_at, updated_at, revision)
                        VALUES ($id, $environment, $app, $service, $index, $number, $hash, NULL, '', $state, '', 0, '', '[]', 0, '[]', '', 0, $now, $revision)
                        """ + StoreQueries.ReturningReplica,
                        ("$id", id), ("$environment", key.Environment), ("$app", key.App), ("$service", service.Name), ("$index", index),
                        ("$number", number), ("$hash", service.SpecHash.Value), ("$state", (int)ReplicaState.Pending), ("$now", context.NowMs),
                        ("$revision", context.Revision));
                    context.AddChange(ResourceKind.Replica, ChangeType.Added, key.Environment, key.App, id, value);
                    written++;
                }
            }
        }
        foreach (var replica in existing.Values.Where(r => !desired.Contains(r.Id)).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            RemoveReplica(context, key, replica.Id, replica.Node);
            written++;
        }
        return written;
    }

    private static void RemoveReplica(StoreWriteContext context, AppKey key, string id, NodeId? node)
    {
        var value = StoreQueries.LoadReplica(context, id)!;
        value.State = ReplicaState.Shutdown;
        context.Execute("DELETE FROM replicas WHERE id = $id", ("$id", id));
        context.AddChange(ResourceKind.Replica, ChangeType.Deleted, key.Environment, key.App, id, value, node, assignment: node is not null);
    }

    /// <summary>Keeps the newest <see cref="StoreOptions.RevisionsPerApp"/> revisions, and service rows still run by a replica.</summary>
    private void PruneRevisions(StoreWriteContext context, AppKey key, long number)
    {
        var oldestKept = number - _options.RevisionsPerApp + 1;
        context.Execute(
            "DELETE FROM revisions WHERE environment = $environment AND app = $app AND number < $oldest",
            ("$environment", key.Environment), ("$app", key.App), ("$oldest", oldestKept));
        context.Execute(
            """
            DELETE FROM services WHERE environment = $environment AND app = $app AND app_revision < $oldest
              AND NOT EXISTS (SELECT 1 FROM replicas r WHERE r.environment = services.environment AND r.app = services.app
                                AND r.app_revision = services.app_revision AND r.service = services.name)
            """,
            ("$environment", key.Environment), ("$app", key.App), ("$oldest", oldestKept));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RouteProblem>> CheckRoutesAsync(AppKey app, Mortar.Model.AppSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Routes.Count == 0
            ? Task.FromResult<IReadOnlyList<RouteProblem>>([])
            : ReadAsync(session => RouteCheck.Find(spec, OtherAppModels(session, app, spec), app.Environment), cancellationToken);
    }

    /// <inheritdoc />
    public Task<App?> GetAppAsync(AppKey app, CancellationToken cancellationToken) =>
        ReadAsync(session => StoreQueries.LoadApp(session, app), cancellationToken);

    /// <inheritdoc />
    public Task<Listing<App>> ListAppsAsync(string? environment, CancellationToken cancellationToken) =>
        ReadAsync(session => new Listing<App>(
            [.. StoreQueries.ListAppKeys(session, environment).Select(k => StoreQueries.LoadApp(session, k)!)],
            session.ReadMeta("revision")), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Revision>> ListRevisionsAsync(AppKey app, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Revision>>(session =>
        {
            if (StoreQueries.LoadApp(session, app) is null)
            {
                throw AppNotFound(app);
            }
            return session.Query(
                "SELECT environment, app, number, created_at, created_by, reason, source, answers, model FROM revisions WHERE environment = $environment AND app = $app ORDER BY number DESC",
                r => StoreQueries.ReadRevision(r, withSource: false),
                ("$environment", app.Environment), ("$app", app.App));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Revision?> GetRevisionAsync(AppKey app, long number, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var current = session.Scalar(
                "SELECT current_revision FROM apps WHERE environment = $environment AND name = $name AND deleted_at IS NULL",
                ("$environment", app.Environment), ("$name", app.App));
            if (current is null)
            {
                throw AppNotFound(app);
            }
            var wanted = number == 0 ? Convert.ToInt64(current, CultureInfo.InvariantCulture) : number;
            return session.QuerySingle(
                "SELECT environment, app, number, created_at, created_by, reason, source, answers, model FROM revisions WHERE environment = $environment AND app = $app AND number = $number",
                r => StoreQueries.ReadRevision(r, withSource: true),
                ("$environment", app.Environment), ("$app", app.App), ("$number", wanted));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long> DeleteAppAsync(AppKey app, string actor, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var value = StoreQueries.LoadApp(context, app) ?? throw AppNotFound(app);
            var replicas = context.Query(
                "SELECT id, node_id FROM replicas WHERE environment = $environment AND app = $app ORDER BY id",
                r => (Id: r.GetString(0), Node: r.IsDBNull(1) ? (NodeId?)null : NodeId.Parse(r.GetString(1))),
                ("$environment", app.Environment), ("$app", app.App));
            foreach (var replica in replicas)
            {
                RemoveReplica(context, app, replica.Id, replica.Node);
            }
            context.Execute(
                "UPDATE apps SET deleted_at = $at, revision = $revision WHERE environment = $environment AND name = $name",
                ("$at", context.NowMs), ("$revision", context.Revision), ("$environment", app.Environment), ("$name", app.App));
            value.StoreRevision = (ulong)context.Revision;
            context.AddChange(ResourceKind.App, ChangeType.Deleted, app.Environment, app.App, app.App, value);
            EmitEnvironment(context, app.Environment);
            context.AddEvent(new NewEvent("deleted", $"app {app.App} deleted by {actor}", app.Environment, app.App, Actor: actor));
            return context.Revision;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ServiceLocation>> ListServicesAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ServiceLocation>>(session => session.Query(
            """
            SELECT s.app, s.name FROM services s JOIN apps a
              ON a.environment = s.environment AND a.name = s.app AND a.current_revision = s.app_revision
            WHERE a.environment = $environment AND a.deleted_at IS NULL ORDER BY s.app, s.name
            """,
            r => new ServiceLocation(r.GetString(0), r.GetString(1)),
            ("$environment", environment)), cancellationToken);
}
