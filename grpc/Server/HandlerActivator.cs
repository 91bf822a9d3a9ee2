using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Grpc.Server;

/// <summary>
/// Gets the handler for one call: the instance given at mapping, else the instance registered in DI (with its registered lifetime) if
/// there is one, otherwise a new instance per call built with constructor injection and disposed after it.
/// </summary>
internal sealed class HandlerActivator<THandler>(object? instance)
    where THandler : class
{
    private readonly THandler? _instance = instance as THandler;
    private readonly ObjectFactory _factory = CreateFactory();

    [UnconditionalSuppressMessage("Trimming", "IL2087", Justification = "Handlers exist only through ServiceBinder.Bind, which requires unreferenced code.")]
    private static ObjectFactory CreateFactory() => ActivatorUtilities.CreateFactory(typeof(THandler), Type.EmptyTypes);

    public THandler Create(IServiceProvider services, out bool owned)
    {
        if (_instance is not null)
        {
            owned = false;
            return _instance;
        }
        if (services.GetService(typeof(THandler)) is THandler registered)
        {
            owned = false;
            return registered;
        }
        owned = true;
        return (THandler)_factory(services, null);
    }

    public static ValueTask ReleaseAsync(THandler handler, bool owned)
    {
        if (!owned)
        {
            return ValueTask.CompletedTask;
        }
        if (handler is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }
        (handler as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
