using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Bench.Grpc;

/// <summary>
/// The benchmark's service, described at run time (the bench project compiles no .proto): a unary
/// and a bidirectional rpc over <c>google.protobuf.BytesValue</c>, whose classes ship with Google.Protobuf.
/// </summary>
internal static class BenchProtocol
{
    public static readonly ServiceDescriptor Service = Build();

    public static MethodDescriptor Unary => Service.FindMethodByName("Unary");

    public static MethodDescriptor Duplex => Service.FindMethodByName("Duplex");

    private static ServiceDescriptor Build()
    {
        const string bytesValue = ".google.protobuf.BytesValue";
        var proto = new FileDescriptorProto
        {
            Name = "codemason/bench/bench.proto",
            Package = "codemason.bench",
            Syntax = "proto3",
            Dependency = { "google/protobuf/wrappers.proto" },
            Service =
            {
                new ServiceDescriptorProto
                {
                    Name = "Bench",
                    Method =
                    {
                        new MethodDescriptorProto { Name = "Unary", InputType = bytesValue, OutputType = bytesValue },
                        new MethodDescriptorProto
                        {
                            Name = "Duplex", InputType = bytesValue, OutputType = bytesValue, ClientStreaming = true, ServerStreaming = true,
                        },
                    },
                },
            },
        };
        var file = FileDescriptor.FromGeneratedCode(proto.ToByteArray(), [WrappersReflection.Descriptor], new GeneratedClrTypeInfo(null, null, null));
        return file.Services[0];
    }
}
