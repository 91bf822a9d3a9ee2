using Codemason.Controller.Store;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Apply;

/// <summary>
/// Resolves links to other apps of the same environment: <c>"app/service"</c> must name a live app's service;
/// a bare <c>"service"</c> must be offered by exactly one other app. There is no catalog yet, so anything
/// else is not found, with a message saying what exists.
/// </summary>
public sealed class EnvironmentServiceDiscovery(IAppStore store, string environment) : IServiceDiscovery
{
    private IReadOnlyList<ServiceLocation>? _services;

    public async ValueTask<DiscoveryResult> ResolveAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _services ??= await store.ListServicesAsync(environment, cancellationToken);
        var wanted = request.TargetService.Value;
        var candidates = _services
            .Where(s => !string.Equals(s.App, request.App.Value, StringComparison.Ordinal))
            .Where(s => string.Equals(s.Service, wanted, StringComparison.OrdinalIgnoreCase))
            .Where(s => request.TargetApp is null || string.Equals(s.App, request.TargetApp.Value.Value, StringComparison.Ordinal))
            .ToList();
        return candidates.Count switch
        {
            1 => DiscoveryResult.Found(new AppName(candidates[0].App), new ServiceName(candidates[0].Service)),
            0 when request.TargetApp is { } app => DiscoveryResult.NotFound(
                _services.Any(s => s.App == app.Value)
                    ? $"app {app} in environment {environment} has no service {wanted} (it has {string.Join(", ", _services.Where(s => s.App == app.Value).Select(s => s.Service))})"
                    : $"environment {environment} has no app {app}"),
            0 => DiscoveryResult.NotFound($"no other app in environment {environment} has a service {wanted}"),
            _ => DiscoveryResult.NotFound(
                $"service {wanted} is offered by several apps in environment {environment} ({string.Join(", ", candidates.Select(c => c.App))}); link to app/{wanted}"),
        };
    }
}
