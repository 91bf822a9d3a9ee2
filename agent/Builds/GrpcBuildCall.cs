using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Agent.Builds;

/// <summary>A <see cref="IBuildCall"/> over a real <c>RunBuild</c> call to the controller.</summary>
public sealed class GrpcBuildCall(AsyncDuplexStreamingCall<BuildReport, BuildInput> call) : IBuildCall
{
    /// <summary>Dials <c>RunBuild</c> on <paramref name="client"/>'s channel; <paramref name="cancellationToken"/> ends the call.</summary>
    public static GrpcBuildCall Dial(AgentService.AgentServiceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new GrpcBuildCall(client.RunBuild(cancellationToken: cancellationToken));
    }

    public IClientStreamWriter<BuildReport> Reports => call.RequestStream;

    public IAsyncStreamReader<BuildInput> Inputs => call.ResponseStream;

    public void Dispose() => call.Dispose();
}
