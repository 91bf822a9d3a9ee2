using System.Net;
using System.Net.Http.Headers;

namespace Codemason.Docker.Transport;

/// <summary>
/// A request body copied from a stream as it is read (chunked: its length is not known), which the caller keeps owning:
/// unlike <see cref="StreamContent"/> it does not dispose the stream with the request.
/// </summary>
internal sealed class StreamedContent : HttpContent
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _source;

    public StreamedContent(Stream source, string mediaType)
    {
        _source = source;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _source.CopyToAsync(stream, BufferSize, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
