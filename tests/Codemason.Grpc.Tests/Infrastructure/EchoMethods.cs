using Codemason.Grpc.Tests.Echo;
using Google.Protobuf.Reflection;

namespace Codemason.Grpc.Tests.Infrastructure;

/// <summary>The method descriptors of the test service.</summary>
public static class EchoMethods
{
    public static ServiceDescriptor Service => EchoReflection.Descriptor.Services[0];

    public static MethodDescriptor Unary => Service.FindMethodByName("Unary");

    public static MethodDescriptor ServerStream => Service.FindMethodByName("ServerStream");

    public static MethodDescriptor ClientStream => Service.FindMethodByName("ClientStream");

    public static MethodDescriptor Duplex => Service.FindMethodByName("Duplex");
}
