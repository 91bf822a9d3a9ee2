using System.Text;
using Codemason.Docker.Serialization;

namespace Codemason.Docker.Tests.Serialization;

public sealed class JsonLinesTests
{
    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_LinesSplitAcrossReadsAndNoFinalNewline_YieldsEachDocument(CancellationToken cancellationToken)
    {
        var text = "{\"Type\":\"container\",\"Action\":\"start\"}\r\n\n{\"Type\":\"container\",\"Action\":\"die\"}";
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(text), chunk: 7);

        var actions = new List<string>();
        await foreach (var e in JsonLines.ReadAsync(stream, DockerJsonContext.Default.DockerEvent, cancellationToken))
        {
            actions.Add(e.Action);
        }

        Assert.That(actions, Is.EqualTo(new[] { "start", "die" }));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ReadAsync_FirstDocumentArrivesBeforeStreamEnds_IsYieldedImmediately(CancellationToken cancellationToken)
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"Action\":\"create\"}\n"), cancellationToken);

        await using var enumerator = JsonLines.ReadAsync(pipe.Reader.AsStream(), DockerJsonContext.Default.DockerEvent, cancellationToken).GetAsyncEnumerator(cancellationToken);

        Assert.That(await enumerator.MoveNextAsync(), Is.True, "the stream is still open; the event must not wait for more data");
        Assert.That(enumerator.Current.Action, Is.EqualTo("create"));
        await pipe.Writer.CompleteAsync();
        Assert.That(await enumerator.MoveNextAsync(), Is.False);
    }
}
