using System.Diagnostics;
using Codemason.Controller.Apply;
using Codemason.Controller.Auth;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Grpc.Core;
using Codemason.Mortar;
using Codemason.Proto.V1;
using Codemason.Telemetry.Tracing;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.AppService</c>: apply, read, roll back, scale and delete apps.</summary>
public sealed class AppServiceHandler(ApplyCoordinator coordinator, IAppStore apps, IEventStore events, ControllerMetrics metrics, TimeProvider time) : AppService.AppServiceBase
{
    public override Task<ApplyResponse> Apply(ApplyRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        // Continues the caller's trace (traceparent metadata); store changes, plans and dispatches join it.
        using var activity = ControllerTracing.Source.StartActivity("apply", ActivityKind.Server,
            TraceContext.Parse(context.RequestHeaders.GetValue(TraceContext.Header)));
        activity?.SetTag("codemason.environment", request.Environment);
        var started = time.GetTimestamp();
        ApplyOutcome outcome;
        try
        {
            outcome = await coordinator.ApplyAsync(
                new ApplyCommand(
                    RequestValidation.Required(request.Environment, "environment"),
                    request.MasonJson,
                    request.Answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
                    request.Template?.Branch,
                    request.Template?.Commit,
                    request.DryRun,
                    context.GetCaller().Name)
                {
                    CreateFromCatalog = request.CreateFromCatalog.ToHashSet(StringComparer.OrdinalIgnoreCase),
                },
                context.CancellationToken);
        }
        catch (Exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            metrics.Applied("rejected", time.GetElapsedTime(started));
            throw;
        }
        metrics.Applied(request.DryRun ? "dry_run" : outcome.Changed ? "changed" : "unchanged", time.GetElapsedTime(started));
        return ToResponse(outcome);
    });

    public override Task<App> GetApp(GetAppRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        return await apps.GetAppAsync(key, context.CancellationToken) ?? throw AppNotFound(key);
    });

    public override Task<ListAppsResponse> ListApps(ListAppsRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var listing = await apps.ListAppsAsync(RequestValidation.Optional(request.Environment), context.CancellationToken);
        var caller = context.GetCaller();
        return new ListAppsResponse { Apps = { listing.Items.Where(a => caller.Covers(a.Environment)) }, StoreRevision = (ulong)listing.StoreRevision };
    });

    public override Task<ListReplicasResponse> ListReplicas(ListReplicasRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var filter = new ReplicaFilter(RequestValidation.Optional(request.Environment), RequestValidation.Optional(request.App), RequestValidation.Optional(request.Service));
        var listing = await apps.ListReplicasAsync(filter, context.CancellationToken);
        return new ListReplicasResponse { Replicas = { listing.Items }, StoreRevision = (ulong)listing.StoreRevision };
    });

    public override Task<ListRevisionsResponse> ListRevisions(ListRevisionsRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        var revisions = await apps.ListRevisionsAsync(key, context.CancellationToken);
        return new ListRevisionsResponse { Revisions = { revisions } };
    });

    public override Task<Revision> GetRevision(GetRevisionRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        var revision = await apps.GetRevisionAsync(key, (long)request.Number, context.CancellationToken)
            ?? throw new NotFoundException($"revision {request.Number} of app \"{key.App}\" is not kept");
        // The stored model and source hold secret values (agents and rollbacks need them); people see them masked.
        revision.NormalizedJson = MortarJson.Serialize(SecretRedaction.RedactModel(MortarJson.DeserializeApp(revision.NormalizedJson)), indented: true);
        revision.Source = SecretRedaction.RedactSource(revision.Source);
        return revision;
    });

    public override Task<ApplyResponse> Rollback(RollbackRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        return ToResponse(await coordinator.RollbackAsync(key, (long)request.ToRevision, context.GetCaller().Name, context.CancellationToken));
    });

    public override Task<ApplyResponse> Scale(ScaleRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        var replicas = request.Replicas > int.MaxValue ? int.MaxValue : (int)request.Replicas;
        return ToResponse(await coordinator.ScaleAsync(key, request.Service, replicas, context.GetCaller().Name, context.CancellationToken));
    });

    public override Task<DeleteAppResponse> DeleteApp(DeleteAppRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        var revision = await coordinator.DeleteAsync(key, context.GetCaller().Name, context.CancellationToken);
        return new DeleteAppResponse { StoreRevision = (ulong)revision };
    });

    public override Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var filter = new EventFilter(
            RequestValidation.Optional(request.Environment),
            RequestValidation.Optional(request.App),
            (long)request.AfterRevision,
            request.Limit == 0 ? 100 : (int)Math.Min(request.Limit, 10_000));
        var listing = await events.ListEventsAsync(filter, context.CancellationToken);
        return new ListEventsResponse { Events = { listing.Items }, StoreRevision = (ulong)listing.StoreRevision };
    });

    /// <summary>The API's answer to an apply, rollback, scale or catalog addition.</summary>
    internal static ApplyResponse ToResponse(ApplyOutcome outcome) => new()
    {
        App = outcome.App,
        Changed = outcome.Changed,
        StoreRevision = (ulong)outcome.StoreRevision,
        ChangedServices = { outcome.ChangedServices },
    };

    private static NotFoundException AppNotFound(AppKey key) => new($"app \"{key.App}\" does not exist in environment \"{key.Environment}\"");
}
