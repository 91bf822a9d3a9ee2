using System.Threading.Channels;
using Codemason.Agent.Builds;
using Codemason.Proto.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Codemason.Agent.Tests.Builds;

/// <summary>
/// A <c>RunBuild</c> call without a controller: the test sends the context and reads the reports. Like the controller, it
/// ends the call once the agent completed its reports; <see cref="EndCall"/> ends it early.
/// </summary>
internal sealed class FakeBuildCall : IBuildCall
{
    private readonly Channel<BuildInput> _inputs = Channel.CreateUnbounded<BuildInput>();
    private readonly Channel<BuildReport> _reports = Channel.CreateUnbounded<BuildReport>();
    private readonly Reader _reader;
    private readonly Writer _writer;

    public FakeBuildCall()
    {
        _reader = new Reader(_inputs.Reader);
        _writer = new Writer(this);
    }

    public IClientStreamWriter<BuildReport> Reports => _writer;

    public IAsyncStreamReader<BuildInput> Inputs => _reader;

    /// <summary>Everything the agent reported, in order; complete once it completed its side.</summary>
    public ChannelReader<BuildReport> Sent => _reports.Reader;

    /// <summary>Sends <paramref name="tar"/> in chunks of <paramref name="chunkSize"/> bytes, the last with <c>end</c>.</summary>
    public async Task SendContextAsync(Stream tar, int chunkSize, CancellationToken cancellationToken)
    {
        var buffer = new byte[chunkSize];
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await _inputs.Writer.WriteAsync(new BuildInput { Context = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
        }
        await _inputs.Writer.WriteAsync(new BuildInput { End = true }, cancellationToken);
    }

    /// <summary>The controller ends the call (a cancelled build).</summary>
    public void EndCall() => _inputs.Writer.TryComplete();

    /// <summary>The output lines reported so far, read without waiting.</summary>
    public static IEnumerable<string> Lines(IEnumerable<BuildReport> reports) =>
        reports.Where(r => r.KindCase == BuildReport.KindOneofCase.Output).SelectMany(r => r.Output.Lines);

    public void Dispose() => EndCall();

    private sealed class Reader(ChannelReader<BuildInput> inputs) : IAsyncStreamReader<BuildInput>
    {
        public BuildInput Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            while (await inputs.WaitToReadAsync(cancellationToken))
            {
                if (inputs.TryRead(out var input))
                {
                    Current = input;
                    return true;
                }
            }
            return false;
        }
    }

    private sealed class Writer(FakeBuildCall call) : IClientStreamWriter<BuildReport>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(BuildReport message) =>
            call._reports.Writer.TryWrite(message) ? Task.CompletedTask : throw new InvalidOperationException("the reports are complete");

        public Task CompleteAsync()
        {
            call._reports.Writer.TryComplete();
            call.EndCall();
            return Task.CompletedTask;
        }
    }
}
