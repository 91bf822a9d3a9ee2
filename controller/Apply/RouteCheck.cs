using System.Globalization;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Apply;

/// <summary>
/// Decides whether an app's routes may be stored in an environment, given the current models of the environment's
/// other live apps (pure; the store calls it inside the write transaction that stores the revision, so two applies
/// cannot both claim one hostname):
/// <list type="bullet">
/// <item>a hostname and path belong to one app (on every port, as an HTTPS route also answers on 80 with its redirect):
/// one another app routes already is refused, naming it;</item>
/// <item>a route to another app (a load balancer's target) needs that app, its service, and the target port among
/// the service's <c>ports</c>.</item>
/// </list>
/// </summary>
public static class RouteCheck
{
    /// <summary>Every problem of <paramref name="app"/>'s routes, in route order (none when they may be stored).</summary>
    public static IReadOnlyList<RouteProblem> Find(AppSpec app, IReadOnlyCollection<AppSpec> others, string environment)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(others);
        var owners = new Dictionary<(string Host, string Path), AppName>();
        var byName = new Dictionary<string, AppSpec>(StringComparer.Ordinal);
        foreach (var other in others.Where(o => !SameApp(o.Name, app.Name)).OrderBy(o => o.Name.Value, StringComparer.Ordinal))
        {
            byName.TryAdd(other.Name.Value, other);
            foreach (var route in other.Routes)
            {
                owners.TryAdd(Key(route), other.Name);
            }
        }
        var problems = new List<RouteProblem>();
        for (var i = 0; i < app.Routes.Count; i++)
        {
            var route = app.Routes[i];
            if (owners.TryGetValue(Key(route), out var owner))
            {
                problems.Add(new RouteProblem(i, RouteProblemKind.Claimed, string.Create(CultureInfo.InvariantCulture,
                    $"{Describe(route)} belongs to app {owner.Value} in environment {environment}; a hostname and path are routed by one app — remove it from {owner.Value} first, or choose another")));
                continue;
            }
            var target = SameApp(route.TargetApp, app.Name) ? app : byName.GetValueOrDefault(route.TargetApp.Value);
            if (TargetProblem(route, target, environment) is { } problem)
            {
                problems.Add(new RouteProblem(i, RouteProblemKind.Target, problem));
            }
        }
        return problems;
    }

    private static string? TargetProblem(RouteSpec route, AppSpec? target, string environment)
    {
        var name = $"{route.TargetApp.Value}/{route.TargetService.Value}";
        if (target is null)
        {
            return $"{name} — app {route.TargetApp.Value} does not exist in environment {environment}; deploy it before the routes to it";
        }
        if (target.FindService(route.TargetService.Value) is not { } service)
        {
            var names = target.Services.Count == 0 ? "none" : string.Join(", ", target.Services.Select(s => s.Name.Value));
            return $"{name} — app {target.Name.Value} has no service {route.TargetService.Value} (it has {names})";
        }
        var ports = service.Ports.Where(p => p.Protocol == PortProtocol.Tcp).Select(p => p.ContainerPort).Distinct().Order().ToList();
        if (!ports.Contains(route.TargetPort))
        {
            var declared = ports.Count == 0 ? "none" : string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            return string.Create(CultureInfo.InvariantCulture,
                $"{name} — service {name} does not declare container port {route.TargetPort} in \"ports\" (it declares {declared})");
        }
        return null;
    }

    // Not the port: an HTTPS route also answers on 80 (the redirect), so one app owns the hostname and path on every port.
    private static (string Host, string Path) Key(RouteSpec route) => (route.Host, route.Path);

    private static bool SameApp(AppName a, AppName b) => string.Equals(a.Value, b.Value, StringComparison.Ordinal);

    private static string Describe(RouteSpec route) => route.Path == "/" ? route.Host : route.Host + route.Path;
}
