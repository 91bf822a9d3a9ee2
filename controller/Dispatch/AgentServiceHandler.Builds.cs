using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Dispatch;

public sealed partial class AgentServiceHandler
{
    /// <summary>
    /// An agent's call for a build it was asked for on its session: BuildStart with the request's ticket first, then
    /// the build that asked takes the call over (<see cref="Builds.AgentBuilder"/>) until it is done with it.
    /// </summary>
    public override async Task RunBuild(IAsyncStreamReader<BuildReport> requestStream, IServerStreamWriter<BuildInput> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.KindCase != BuildReport.KindOneofCase.Start)
        {
            refusals.Record(AgentRefusals.Malformed, context.Peer, "a RunBuild call did not start with BuildStart");
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of RunBuild is BuildStart"));
        }
        var start = requestStream.Current.Start;
        var call = buildCalls.Accept(start, requestStream, responseStream, cancellationToken);
        if (call is null)
        {
            refusals.Record(AgentRefusals.Credential, context.Peer, $"RunBuild for build {start.BuildId}: no such build waits, or the ticket is wrong");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"no build {start.BuildId} waits for this ticket"));
        }
        await call.Finished.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
