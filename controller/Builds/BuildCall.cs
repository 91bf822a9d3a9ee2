using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Builds;

/// <summary>An agent's RunBuild call, handed from the gRPC handler to the build that asked for it.</summary>
public sealed class BuildCall(IAsyncStreamReader<BuildReport> reports, IServerStreamWriter<BuildInput> input, CancellationToken aborted)
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the agent sends after BuildStart: output, then the result.</summary>
    public IAsyncStreamReader<BuildReport> Reports { get; } = reports;

    /// <summary>Where the build context goes.</summary>
    public IServerStreamWriter<BuildInput> Input { get; } = input;

    /// <summary>Cancelled when the agent's call ends.</summary>
    public CancellationToken Aborted { get; } = aborted;

    /// <summary>Completes when the build is done with the call; the handler then ends it (which cancels an unfinished build on the agent).</summary>
    public Task Finished => _finished.Task;

    /// <summary>Lets the handler end the call.</summary>
    public void Finish() => _finished.TrySetResult();
}
