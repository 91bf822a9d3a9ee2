using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Agent.Builds;

/// <summary>
/// One <c>AgentService/RunBuild</c> call as the agent sees it: reports go out, the build context comes in. Disposing it
/// ends the call. Tests feed a build through a fake; <see cref="GrpcBuildCall"/> is the real one.
/// </summary>
public interface IBuildCall : IDisposable
{
    /// <summary>BuildStart, then BuildOutput messages, then one BuildResult; completed after the result.</summary>
    IClientStreamWriter<BuildReport> Reports { get; }

    /// <summary>The build context in chunks, the last with <c>end</c>; the stream ending early means the controller ended the call.</summary>
    IAsyncStreamReader<BuildInput> Inputs { get; }

    /// <summary>
    /// Completes when <see cref="Inputs"/> ended: the controller is done with the call. Disposing the call earlier would
    /// reset it, and a result still in flight could be lost.
    /// </summary>
    Task Ended => Task.CompletedTask;
}
