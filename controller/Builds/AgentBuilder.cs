using System.Collections.Concurrent;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Builds;

/// <summary>
/// Builds one service's image on a node of the app's environment: picks the node (<see cref="BuildNodeChooser"/>),
/// sends it a BuildRequest on its session, meets the RunBuild call it dials, streams the context and copies the
/// engine's output into the build's log until the result.
/// </summary>
public sealed partial class AgentBuilder(
    AgentConnections connections,
    INodeStore nodes,
    BuildCalls calls,
    Registry.BuildPushCredentials pushCredentials,
    IOptions<BuildOptions> options,
    ILogger<AgentBuilder> logger)
{
    private readonly ConcurrentDictionary<NodeId, int> _running = new();

    /// <summary>Builds <paramref name="job"/>; a failure of the build, the node or the call is a failed result, never an exception (but cancellation).</summary>
    public async Task<AgentBuildResult> BuildAsync(ServiceBuildJob job, BuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(log);
        var node = await ChooseNodeAsync(job.App.Environment, cancellationToken);
        if (node is null)
        {
            return new AgentBuildResult(false, "", "", $"no node of environment {job.App.Environment} is connected to build on");
        }
        var connection = connections.Get(node.Node);
        if (connection is null)
        {
            return new AgentBuildResult(false, node.Hostname, "", $"node {node.Hostname} disconnected before the build started");
        }
        _running.AddOrUpdate(node.Node, 1, (_, n) => n + 1);
        var (ticket, pending) = calls.Expect(job.CallKey);
        var request = Request(job, ticket, options.Value.Timeout);
        if (job.PushTo is { } registry)
        {
            // The push comes after the build: the credential lasts as long as the build may, and is revoked when it ends.
            var (user, password) = pushCredentials.Issue(job.App, options.Value.Timeout + options.Value.AgentStartTimeout + TimeSpan.FromMinutes(5));
            request.Push = new RegistryPush { Registry = registry, Username = user, Password = password };
        }
        try
        {
            log.Append($"[{job.Plan.Service}] building on {node.Hostname} ({node.Node}){(job.PushTo is null ? "" : $", pushing to {job.PushTo}")}");
            connection.Send(new ControllerMessage { BuildRequest = request });
            BuildCall call;
            try
            {
                call = await pending.WaitAsync(options.Value.AgentStartTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return new AgentBuildResult(false, node.Hostname, "",
                    $"node {node.Hostname} did not start the build within {options.Value.AgentStartTimeout.TotalSeconds:0} s (is its agent older than the controller?)");
            }
            try
            {
                return await RunCallAsync(job, call, node, log, cancellationToken);
            }
            finally
            {
                call.Finish();
            }
        }
        finally
        {
            if (request.Push is { Username: var user })
            {
                pushCredentials.Revoke(user);
            }
            calls.Forget(job.CallKey);
            _running.AddOrUpdate(node.Node, 0, (_, n) => Math.Max(0, n - 1));
        }
    }

    private async Task<AgentBuildResult> RunCallAsync(ServiceBuildJob job, BuildCall call, BuildCandidate node, BuildLog log, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Aborted);
        var sending = SendContextAsync(job, call, linked.Token);
        try
        {
            while (await call.Reports.MoveNext(linked.Token))
            {
                var report = call.Reports.Current;
                switch (report.KindCase)
                {
                    case BuildReport.KindOneofCase.Output:
                        foreach (var line in report.Output.Lines)
                        {
                            log.Append(line);
                        }
                        break;
                    case BuildReport.KindOneofCase.Result:
                        await sending.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        return new AgentBuildResult(report.Result.Succeeded, node.Hostname, report.Result.ImageId, report.Result.Error);
                }
            }
            return new AgentBuildResult(false, node.Hostname, "", $"node {node.Hostname} ended the build without a result");
        }
        catch (Exception ex) when (ex is RpcException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCallLost(logger, job.CallKey, node.Hostname, ex.Message);
            return new AgentBuildResult(false, node.Hostname, "", $"the connection to node {node.Hostname} was lost during the build ({ex.Message})");
        }
    }

    private async Task SendContextAsync(ServiceBuildJob job, BuildCall call, CancellationToken cancellationToken)
    {
        var stream = new BuildContextStream(call.Input);
        try
        {
            await job.WriteContext(stream, cancellationToken);
            await stream.CompleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The agent sees a context that ends early and fails the build; the cause is in the controller's log.
            LogContextFailed(logger, job.CallKey, ex.Message);
            throw;
        }
    }

    /// <summary>The request the node gets: the plan, and as build arguments exactly the plan's (the agent masks their values in the output).</summary>
    internal static BuildRequest Request(ServiceBuildJob job, string ticket, TimeSpan timeout)
    {
        var request = new BuildRequest
        {
            BuildId = job.CallKey,
            Ticket = ticket,
            App = new AppRef { Environment = job.App.Environment, App = job.App.App },
            Service = job.Plan.Service,
            Dockerfile = job.Plan.Dockerfile,
            Tags = { job.Plan.Image },
            Timeout = Duration.FromTimeSpan(timeout),
        };
        foreach (var (name, value) in job.Plan.Args.Values)
        {
            request.BuildArgs.Add(name, value);
        }
        return request;
    }

    private async Task<BuildCandidate?> ChooseNodeAsync(string environment, CancellationToken cancellationToken)
    {
        var listed = await nodes.ListNodesAsync(environment, cancellationToken);
        var candidates = listed.Items
            .Select(n => (Id: NodeId.Parse(n.Id), Node: n))
            .Where(n => connections.Get(n.Id) is not null)
            .Select(n => new BuildCandidate(n.Id, n.Node.Hostname, n.Node.Labels,
                n.Node.Availability == NodeAvailability.Active && !n.Node.AwaitingApproval, _running.GetValueOrDefault(n.Id)))
            .ToList();
        return BuildNodeChooser.Choose(candidates);
    }

    [LoggerMessage(4100, LogLevel.Warning, "Build {Build}: the call with node {Node} was lost: {Reason}")]
    private static partial void LogCallLost(ILogger logger, string build, string node, string reason);

    [LoggerMessage(4101, LogLevel.Warning, "Build {Build}: writing the build context failed: {Reason}")]
    private static partial void LogContextFailed(ILogger logger, string build, string reason);
}
