using Codemason.Controller.Catalog;
using Codemason.Controller.Store;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Apply;

/// <summary>
/// Resolves links to services the app does not define. <c>"app/service"</c> must name a live app's service; a bare
/// <c>"service"</c> must be offered by exactly one other app. Otherwise the catalog is asked: an item named so (or with
/// that keyword) is created as an app of its own when the apply asks for it (<paramref name="create"/> lists item or
/// link names) and its questions have answers, and is offered (<see cref="DiscoveryOutcome.InCatalog"/>) when not.
/// </summary>
public sealed class EnvironmentServiceDiscovery(IAppStore store, string environment, CatalogSet catalog, IReadOnlySet<string> create) : IServiceDiscovery
{
    private IReadOnlyList<ServiceLocation>? _services;
    private readonly Dictionary<string, CatalogItem> _creations = new(StringComparer.Ordinal);

    /// <summary>The items to create, each as an app of its own, before the applied app.</summary>
    public IReadOnlyList<CatalogItem> Creations => [.. _creations.Values];

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
            0 => FromCatalog(request) ?? NotFound(request),
            _ => DiscoveryResult.NotFound(
                $"service {wanted} is offered by several apps in environment {environment} ({string.Join(", ", candidates.Select(c => c.App))}); link to app/{wanted}"),
        };
    }

    /// <summary>What the catalog makes of the link; null when no item answers to its name.</summary>
    private DiscoveryResult? FromCatalog(DiscoveryRequest request)
    {
        var wanted = request.TargetService.Value;
        var matches = catalog.Match(wanted);
        if (matches.Count > 1)
        {
            return DiscoveryResult.NotFound(
                $"several catalog items answer to \"{wanted}\" ({string.Join(", ", matches.Select(m => m.Name))}); link to one of them by name");
        }
        if (matches is not [var item] || (request.TargetApp is { } app && !string.Equals(app.Value, item.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        // The item may run here already under its own name ("pg" when postgres/postgres exists).
        if (_services!.Any(s => s.App == item.Name && string.Equals(s.Service, item.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return DiscoveryResult.Found(new AppName(item.Name), new ServiceName(item.Name));
        }
        if (_services!.Any(s => s.App == item.Name))
        {
            return DiscoveryResult.NotFound(
                $"the catalog item \"{item.Name}\" would be created as app \"{item.Name}\", but environment {environment} has an app of that name without a service \"{item.Name}\"");
        }
        if (!create.Contains(item.Name) && !create.Contains(wanted))
        {
            var about = item.Description.Length > 0 ? $" ({item.Description})" : string.Empty;
            return DiscoveryResult.InCatalog(item.Name,
                $"service \"{wanted}\" is not in environment {environment}; the catalog item \"{item.Name}\"{about} can create it as app \"{item.Name}\" (deploy with --create {item.Name})");
        }
        if (CatalogAnswers.Missing(item, request.Answers) is { Count: > 0 } missing)
        {
            return DiscoveryResult.NeedsAnswers(item.Name, missing);
        }
        _creations.TryAdd(item.Name, item);
        return DiscoveryResult.CreatedFromCatalog(new AppName(item.Name), new ServiceName(item.Name), item.Name);
    }

    private DiscoveryResult NotFound(DiscoveryRequest request)
    {
        var wanted = request.TargetService.Value;
        return request.TargetApp is { } app
            ? DiscoveryResult.NotFound(_services!.Any(s => s.App == app.Value)
                ? $"app {app} in environment {environment} has no service {wanted} (it has {string.Join(", ", _services!.Where(s => s.App == app.Value).Select(s => s.Service))})"
                : $"environment {environment} has no app {app}")
            : DiscoveryResult.NotFound($"no other app in environment {environment} has a service {wanted}");
    }
}
