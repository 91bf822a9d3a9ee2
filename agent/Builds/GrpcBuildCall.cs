using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Agent.Builds;

/// <summary>A <see cref="IBuildCall"/> over a real <c>RunBuild</c> call to the controller.</summary>
public sealed class GrpcBuildCall : IBuildCall
{
    private readonly AsyncDuplexStreamingCall<BuildReport, BuildInput> _call;
    private readonly EndWatchingReader _inputs;

    /// <summary>Wraps a dialled call.</summary>
    public GrpcBuildCall(AsyncDuplexStreamingCall<BuildReport, BuildInput> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        _call = call;
        _inputs = new EndWatchingReader(call.ResponseStream);
    }

    /// <summary>Dials <c>RunBuild</c> on <paramref name="client"/>'s channel; <paramref name="cancellationToken"/> ends the call.</summary>
    public static GrpcBuildCall Dial(AgentService.AgentServiceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new GrpcBuildCall(client.RunBuild(cancellationToken: cancellationToken));
    }

    public IClientStreamWriter<BuildReport> Reports => _call.RequestStream;

    public IAsyncStreamReader<BuildInput> Inputs => _inputs;

    public Task Ended => _inputs.Ended;

    public void Dispose() => _call.Dispose();

    /// <summary>Passes the controller's messages on and completes <see cref="Ended"/> once they end (or the call breaks).</summary>
    private sealed class EndWatchingReader(IAsyncStreamReader<BuildInput> inner) : IAsyncStreamReader<BuildInput>
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ended => _ended.Task;

        public BuildInput Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                var more = await inner.MoveNext(cancellationToken);
                if (!more)
                {
                    _ended.TrySetResult();
                }
                return more;
            }
            catch (Exception)
            {
                // A broken call has ended too; the reader still sees the failure.
                _ended.TrySetResult();
                throw;
            }
        }
    }
}
