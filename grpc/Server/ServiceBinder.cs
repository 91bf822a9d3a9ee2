using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace Codemason.Grpc.Server;

/// <summary>
/// Binds every rpc of a service descriptor to a public method of the handler class, once at startup.
/// A method is found by the rpc name (or the name + "Async") and must have the signature of its shape;
/// all mismatches are reported together.
/// </summary>
internal static class ServiceBinder
{
    /// <summary>Why binding cannot be trimmed or compiled ahead of time.</summary>
    public const string Reflection = "Binds handler methods by reflection and makes generic types at run time; the controller, which serves gRPC, runs on the JIT.";

    [RequiresUnreferencedCode(Reflection)]
    [RequiresDynamicCode(Reflection)]
    public static IReadOnlyList<ServerMethodHandler> Bind<THandler>(
        ServiceDescriptor service, Func<MethodDescriptor, ServerMethodSettings> settingsFor)
        where THandler : class
    {
        var handlers = new List<ServerMethodHandler>();
        var errors = new List<string>();
        var candidates = typeof(THandler).GetMethods(BindingFlags.Public | BindingFlags.Instance);
        foreach (var method in service.Methods)
        {
            var input = method.InputType.ClrType;
            var output = method.OutputType.ClrType;
            if (input is null || output is null)
            {
                errors.Add($"{method.FullName}: the message types have no generated C# classes.");
                continue;
            }
            var (delegateType, methodType, expected) = Shape(method, typeof(THandler), input, output);
            var named = candidates.Where(c => c.Name == method.Name || c.Name == method.Name + "Async").ToList();
            if (named.Count == 0)
            {
                errors.Add($"{method.FullName}: no public method {method.Name} on {typeof(THandler).Name}; expected {expected}.");
                continue;
            }
            var bound = named
                .Select(c => Delegate.CreateDelegate(delegateType, c, throwOnBindFailure: false))
                .FirstOrDefault(d => d is not null);
            if (bound is null)
            {
                var found = string.Join(" | ", named.Select(Describe));
                errors.Add($"{method.FullName}: {typeof(THandler).Name}.{named[0].Name} has the wrong signature {found}; expected {expected}.");
                continue;
            }
            var handlerType = methodType.MakeGenericType(typeof(THandler), input, output);
            handlers.Add((ServerMethodHandler)Activator.CreateInstance(handlerType, settingsFor(method), bound)!);
        }
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"gRPC service {service.FullName} cannot be bound to {typeof(THandler).FullName}:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors));
        }
        return handlers;
    }

    [RequiresDynamicCode(Reflection)]
    private static (Type Delegate, Type Method, string Expected) Shape(MethodDescriptor method, Type handler, Type input, Type output)
    {
        var context = typeof(ServerCallContext);
        var reader = typeof(IAsyncStreamReader<>).MakeGenericType(input);
        var writer = typeof(IServerStreamWriter<>).MakeGenericType(output);
        var taskOfOutput = typeof(Task<>).MakeGenericType(output);
        var i = input.Name;
        var o = output.Name;
        return (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => (typeof(Func<,,,>).MakeGenericType(handler, input, context, taskOfOutput),
                typeof(UnaryServerMethod<,,>), $"Task<{o}> {method.Name}({i}, ServerCallContext)"),
            (false, true) => (typeof(Func<,,,,>).MakeGenericType(handler, input, writer, context, typeof(Task)),
                typeof(ServerStreamingServerMethod<,,>), $"Task {method.Name}({i}, IServerStreamWriter<{o}>, ServerCallContext)"),
            (true, false) => (typeof(Func<,,,>).MakeGenericType(handler, reader, context, taskOfOutput),
                typeof(ClientStreamingServerMethod<,,>), $"Task<{o}> {method.Name}(IAsyncStreamReader<{i}>, ServerCallContext)"),
            (true, true) => (typeof(Func<,,,,>).MakeGenericType(handler, reader, writer, context, typeof(Task)),
                typeof(DuplexStreamingServerMethod<,,>),
                $"Task {method.Name}(IAsyncStreamReader<{i}>, IServerStreamWriter<{o}>, ServerCallContext)"),
        };
    }

    private static string Describe(MethodInfo method) =>
        $"{TypeName(method.ReturnType)} {method.Name}({string.Join(", ", method.GetParameters().Select(p => TypeName(p.ParameterType)))})";

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
