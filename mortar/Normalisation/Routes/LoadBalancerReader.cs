using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Routes;

/// <summary>
/// Reads a <c>"type": "loadbalancer"</c> file, as the original product wrote them: its header and <c>targets</c>,
/// each <c>{ "source": { "protocol", "port", "hostname", "path" }, "target": { "service": "app/service", "port" } }</c>
/// plus an optional <c>sticky</c>. A load balancer has no services: every target names a service of another app.
/// </summary>
internal sealed class LoadBalancerReader(NodeReader reader)
{
    /// <summary>Source protocol when the file gives none, as in the original product.</summary>
    public const RouteProtocol DefaultProtocol = RouteProtocol.Http;

    /// <summary>The edge's port for a protocol when <c>source.port</c> is absent: 80 for http, 443 for https.</summary>
    public static int DefaultPort(RouteProtocol protocol) => protocol == RouteProtocol.Https ? 443 : 80;

    public void Read(MasonObject root, AppDraft app)
    {
        CheckFields(root);
        var targetsPath = MasonPath.Root.Property("targets");
        if (root.Find("targets") is null)
        {
            reader.Errors.Add(targetsPath, root.Position,
                "required property is missing: a load balancer lists its routes in \"targets\"", MasonErrorKind.Schema);
            return;
        }
        if (reader.ReadArray(root, "targets", MasonPath.Root) is not { } targets)
        {
            return;
        }
        foreach (var (item, itemPath) in reader.ItemsOf<MasonObject>(targets, targetsPath,
            "an object { \"source\": { \"hostname\": ... }, \"target\": { \"service\": \"app/service\", \"port\": ... } }"))
        {
            if (ReadTarget(item, itemPath) is { } route)
            {
                app.Routes.Add(route);
            }
        }
    }

    /// <summary>Services and service fields have no place in a load balancer; anything else unknown gets "did you mean".</summary>
    private void CheckFields(MasonObject root)
    {
        foreach (var property in root.Properties.Where(p => !MasonFields.LoadBalancer.Contains(p.Name)))
        {
            var path = MasonPath.Root.Property(property.Name);
            if (property.Name is "services" or "instances")
            {
                reader.Errors.Add(path, property.NamePosition,
                    $"a load balancer has no \"{property.Name}\": its targets route to services of other apps; for an application, remove \"type\": \"loadbalancer\"",
                    MasonErrorKind.Schema);
            }
            else if (MasonFields.Service.Contains(property.Name) || MasonFields.File.Contains(property.Name))
            {
                reader.Errors.Add(path, property.NamePosition,
                    $"\"{property.Name}\" is not a field of a load balancer, which only has \"targets\" (and name, description, ...)", MasonErrorKind.Schema);
            }
        }
        reader.CheckProperties(root, MasonPath.Root, MasonFields.LoadBalancer);
    }

    private RouteDraft? ReadTarget(MasonObject item, MasonPath itemPath)
    {
        reader.CheckProperties(item, itemPath, MasonFields.Target);
        var source = RequiredObject(item, "source", itemPath, "an object { \"protocol\": \"http\", \"hostname\": ..., \"path\": ... }");
        var target = RequiredObject(item, "target", itemPath, "an object { \"service\": \"app/service\", \"port\": ... }");
        var sticky = reader.ReadBoolean(item, "sticky", itemPath) ?? false;
        var from = source is null ? null : ReadSource(source, itemPath.Property("source"));
        var to = target is null ? null : ReadDestination(target, itemPath.Property("target"));
        if (from is null || to is null)
        {
            return null;
        }
        var route = new RouteSpec(from.Value.Host, from.Value.Path, from.Value.Protocol, from.Value.Port, to.Value.App, to.Value.Service, to.Value.Port)
        {
            Sticky = sticky,
        };
        return new RouteDraft(route, from.Value.HostPath, from.Value.HostPosition, to.Value.ServicePath, to.Value.ServicePosition);
    }

    private (string Host, string Path, RouteProtocol Protocol, int Port, MasonPath HostPath, SourcePosition HostPosition)? ReadSource(MasonObject source, MasonPath path)
    {
        reader.CheckProperties(source, path, MasonFields.TargetSource);
        var valid = true;
        var protocol = DefaultProtocol;
        if (reader.ReadString(source, "protocol", path) is { } protocolText)
        {
            if (protocolText == "https")
            {
                protocol = RouteProtocol.Https;
            }
            else if (protocolText != "http")
            {
                reader.Errors.Add(path.Property("protocol"), source["protocol"]!.Position,
                    $"{NodeText.Snippet(source["protocol"]!)} — unknown protocol; use {NodeText.OneOf(MasonFields.RouteProtocols)}", MasonErrorKind.Schema);
                valid = false;
            }
        }
        var port = DefaultPort(protocol);
        if (source["port"] is not null)
        {
            var read = reader.ReadInteger(source, "port", path, 1, 65535, "port");
            valid &= read is not null;
            port = (int)(read ?? port);
        }
        var hostname = RequiredString(source, "hostname", path, "the hostname the route serves, such as \"shop.example.com\"");
        string? host = null;
        if (hostname is not null)
        {
            host = HostnameSyntax.Normalise(hostname.Value, out var problem);
            if (problem is not null)
            {
                reader.Errors.Add(path.Property("hostname"), hostname.Position, $"{NodeText.Snippet(hostname)} — {problem}");
            }
        }
        var routePath = ReadPath(source, path);
        if (!valid || host is null || routePath is null)
        {
            return null;
        }
        return (host, routePath, protocol, port, path.Property("hostname"), hostname!.Position);
    }

    private string? ReadPath(MasonObject source, MasonPath path)
    {
        switch (source["path"])
        {
            case null:
                return RoutePathSyntax.Root;
            case MasonString text:
                var normalised = RoutePathSyntax.Normalise(text.Value, out var problem);
                if (problem is not null)
                {
                    reader.Errors.Add(path.Property("path"), text.Position, $"{NodeText.Snippet(text)} — {problem}");
                }
                return normalised;
            case var other:
                reader.TypeError(path.Property("path"), other, "a path such as \"/api\"");
                return null;
        }
    }

    private (AppName App, ServiceName Service, int Port, MasonPath ServicePath, SourcePosition ServicePosition)? ReadDestination(MasonObject target, MasonPath path)
    {
        reader.CheckProperties(target, path, MasonFields.TargetDestination);
        var service = RequiredString(target, "service", path, "the target as \"app/service\"");
        (AppName, ServiceName)? reference = null;
        if (service is not null)
        {
            var parts = service.Value.Split('/');
            if (parts.Length == 2 && NameSyntax.IsName(parts[0]) && NameSyntax.IsName(parts[1]))
            {
                reference = (new AppName(parts[0]), new ServiceName(parts[1]));
            }
            else
            {
                reader.Errors.Add(path.Property("service"), service.Position,
                    $"{NodeText.Snippet(service)} — a target is \"app/service\", such as \"shop/web\": the app and one of its services, each {NameSyntax.NameRule}");
            }
        }
        long? port = null;
        if (target["port"] is null)
        {
            reader.Errors.Add(path.Property("port"), target.Position,
                "required property is missing: the container port of the target service, one of its \"ports\"", MasonErrorKind.Schema);
        }
        else
        {
            port = reader.ReadInteger(target, "port", path, 1, 65535, "port");
        }
        if (reference is not { } found || port is not { } number)
        {
            return null;
        }
        return (found.Item1, found.Item2, (int)number, path.Property("service"), service!.Position);
    }

    private MasonObject? RequiredObject(MasonObject obj, string field, MasonPath path, string expected)
    {
        if (obj[field] is null)
        {
            reader.Errors.Add(path.Property(field), obj.Position, $"required property is missing: {field}, {expected}", MasonErrorKind.Schema);
            return null;
        }
        return reader.Read<MasonObject>(obj, field, path, expected);
    }

    private MasonString? RequiredString(MasonObject obj, string field, MasonPath path, string what)
    {
        if (obj[field] is null)
        {
            reader.Errors.Add(path.Property(field), obj.Position, $"required property is missing: {field}, {what}", MasonErrorKind.Schema);
            return null;
        }
        return reader.Read<MasonString>(obj, field, path, "a string");
    }
}
