using Codemason.Grpc.Server;

namespace Codemason.Grpc.Reflection;

/// <summary>
/// Handler of <c>grpc.reflection.v1alpha.ServerReflection</c>, still the one many tools ask first.
/// Same messages as v1 under another package; answered by <see cref="ReflectionService"/>.
/// </summary>
public sealed class ReflectionServiceV1Alpha(ReflectionService inner)
{
    /// <summary>Answers each request on the stream in order.</summary>
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requestStream,
        IServerStreamWriter<V1Alpha.ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inner);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = ReflectionIndex.Convert(requestStream.Current, V1.ServerReflectionRequest.Parser);
            var response = inner.Index.Answer(request);
            await responseStream.WriteAsync(ReflectionIndex.Convert(response, V1Alpha.ServerReflectionResponse.Parser), context.CancellationToken);
        }
    }
}
