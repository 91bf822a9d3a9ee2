using System.Globalization;
using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation.Routes;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Rules;

/// <summary>
/// Rules across the services of one app, once all are read: names are unique (ignoring case), links to services
/// of the app resolve to them, no two ports publish the same fixed host port, and <c>build.args</c> name variables the
/// service has.
/// </summary>
internal static class AppRules
{
    public static void Check(AppDraft app, ErrorSink errors)
    {
        CheckUniqueNames(app, errors);
        ResolveLocalLinks(app, errors);
        CheckHostPorts(app, errors);
        CheckBuildArgs(app, errors);
        CheckUniqueRoutes(app, errors);
    }

    /// <summary>One hostname, path and edge port go to one service: a second route of the same is a mistake.</summary>
    private static void CheckUniqueRoutes(AppDraft app, ErrorSink errors)
    {
        var seen = new Dictionary<(string Host, string Path, int Port), RouteDraft>();
        foreach (var draft in app.AllRoutes)
        {
            var route = draft.Route;
            if (seen.TryGetValue((route.Host, route.Path, route.Port), out var first))
            {
                errors.Add(draft.HostPath, draft.HostPosition, string.Create(CultureInfo.InvariantCulture,
                    $"{route.Host}{(route.Path == "/" ? "" : route.Path)} on port {route.Port} is already routed by {first.HostPath}; a hostname, path and port go to one service"));
            }
            else
            {
                seen.Add((route.Host, route.Path, route.Port), draft);
            }
        }
    }

    /// <summary>
    /// Every <c>build.args</c> name is one of the service's own variables: set in its <c>environment</c>, or by a question
    /// of the service or of the application. Only those reach the build, so a name that is neither is a typo.
    /// </summary>
    private static void CheckBuildArgs(AppDraft app, ErrorSink errors)
    {
        foreach (var service in app.Services.Where(s => s.BuildArgs.Count > 0))
        {
            var defined = service.Environment.Select(e => e.Name)
                .Concat(app.Questions.Where(q => q.Service is null || q.Service == service.Name).Select(q => q.Key))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var (name, path, position) in service.BuildArgs.Where(a => !defined.Contains(a.Name)))
            {
                errors.Add(path, position, $"\"{name}\" — service {service.Name.Value} has no environment variable {name}; " +
                    "build.args names variables of the service's \"environment\" or keys of its questions");
            }
        }
    }

    private static void CheckUniqueNames(AppDraft app, ErrorSink errors)
    {
        var seen = new Dictionary<string, ServiceDraft>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in app.Services)
        {
            if (seen.TryGetValue(service.Name.Value, out var first))
            {
                errors.Add(service.Path.Property("name"), service.Position,
                    $"\"{service.Name.Value}\" — duplicate service name; {first.Path} already uses it (names are unique, ignoring case)");
            }
            else
            {
                seen.Add(service.Name.Value, service);
            }
        }
    }

    /// <summary>Resolves each link to a service of this app; the others are left for service discovery.</summary>
    private static void ResolveLocalLinks(AppDraft app, ErrorSink errors)
    {
        var byName = new Dictionary<string, ServiceDraft>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in app.Services)
        {
            byName.TryAdd(service.Name.Value, service);
        }
        foreach (var service in app.Services)
        {
            foreach (var link in service.Links)
            {
                var reference = link.Reference;
                var ownApp = reference.App is null || string.Equals(reference.App, app.Name.Value, StringComparison.OrdinalIgnoreCase);
                if (ownApp && byName.TryGetValue(reference.Service, out var target))
                {
                    if (ReferenceEquals(target, service))
                    {
                        errors.Add(link.Path, link.Position, $"\"{link.Raw}\" — a service cannot link to itself");
                        continue;
                    }
                    link.Resolved = new LinkSpec(app.Name, target.Name, reference.Alias, LinkResolution.App);
                }
                else if (reference.App is not null && ownApp)
                {
                    errors.Add(link.Path, link.Position, $"\"{link.Raw}\" — app \"{app.Name.Value}\" has no service \"{reference.Service}\"", MasonErrorKind.Link);
                }
            }
        }
    }

    /// <summary>Two fixed host ports clash when port and protocol are equal and the addresses are equal or one is the wildcard.</summary>
    private static void CheckHostPorts(AppDraft app, ErrorSink errors)
    {
        var published = new Dictionary<(int Port, PortProtocol Protocol), List<(string? Ip, ServiceDraft Service, MasonPath Path)>>();
        foreach (var service in app.Services)
        {
            foreach (var (port, portPath, position, raw) in service.Ports)
            {
                if (port.HostPort is not { } hostPort)
                {
                    continue;
                }
                var key = (hostPort, port.Protocol);
                if (!published.TryGetValue(key, out var owners))
                {
                    published[key] = owners = [];
                }
                var clash = owners.FirstOrDefault(o => o.Ip is null || port.HostIp is null || o.Ip == port.HostIp);
                if (clash.Service is not null)
                {
                    var who = ReferenceEquals(clash.Service, service) ? "this service" : $"service \"{clash.Service.Name.Value}\"";
                    errors.Add(portPath, position, string.Create(CultureInfo.InvariantCulture,
                        $"\"{raw}\" — host port {hostPort}/{port.Protocol.ToString().ToLowerInvariant()} is already published by {who} ({clash.Path})"));
                    continue;
                }
                owners.Add((port.HostIp, service, portPath));
            }
        }
    }
}
