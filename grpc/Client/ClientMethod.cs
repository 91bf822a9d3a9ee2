using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Codemason.Grpc.Client;

/// <summary>What a channel needs per method, resolved once from the descriptor and cached.</summary>
internal sealed class ClientMethod<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public ClientMethod(MethodDescriptor descriptor, Uri baseAddress)
    {
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} takes {descriptor.InputType.ClrType?.Name} and returns {descriptor.OutputType.ClrType?.Name}, "
                + $"not {typeof(TRequest).Name} and {typeof(TResponse).Name}.", nameof(descriptor));
        }
        Descriptor = descriptor;
        Path = "/" + descriptor.Service.FullName + "/" + descriptor.Name;
        Uri = new Uri(baseAddress, Path);
        Parser = (MessageParser<TResponse>)descriptor.OutputType.Parser;
    }

    public MethodDescriptor Descriptor { get; }

    public string Path { get; }

    public Uri Uri { get; }

    public MessageParser<TResponse> Parser { get; }
}
