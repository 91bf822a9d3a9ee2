using Codemason.Grpc.Reflection.V1;
using Codemason.Grpc.Server;

namespace Codemason.Grpc.Reflection;

/// <summary>
/// Handler of <c>grpc.reflection.v1.ServerReflection</c>: lists the mapped services and returns the
/// descriptor files of symbols and file names, with their dependencies.
/// </summary>
public sealed class ReflectionService(GrpcServiceRegistry registry)
{
    private ReflectionIndex? _index;

    /// <summary>Answers each request on the stream in order.</summary>
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(Index.Answer(requestStream.Current), context.CancellationToken);
        }
    }

    /// <summary>The index of the services mapped so far (rebuilt when more were mapped since).</summary>
    internal ReflectionIndex Index
    {
        get
        {
            var services = registry.Services;
            var index = _index;
            if (index is null || index.ServiceCount != services.Count)
            {
                _index = index = new ReflectionIndex(services);
            }
            return index;
        }
    }
}
