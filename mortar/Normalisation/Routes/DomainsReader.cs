using System.Globalization;
using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Routes;

/// <summary>
/// Reads a service's <c>domains</c>: <c>"shop.example.com"</c>, <c>"shop.example.com/api"</c>, or
/// <c>{ "host", "path", "port", "https", "sticky" }</c>. Each becomes a route of the app to this service: HTTPS on 443
/// by default (<c>"https": false</c> is plain HTTP on 80), to the container port given, else the service's only
/// TCP container port in <c>ports</c>.
/// </summary>
internal sealed class DomainsReader(NodeReader reader, AppName app)
{
    /// <summary>Whether a domain is served over HTTPS when it does not say (<c>https</c>); default true.</summary>
    public const bool DefaultHttps = true;

    private const string Expected = "a hostname such as \"shop.example.com\" or \"shop.example.com/api\", or an object { \"host\": ..., \"port\": ... }";

    /// <summary>
    /// Adds the service's domains to <see cref="ServiceDraft.Domains"/>. With <paramref name="portsValid"/> false (its
    /// <c>ports</c> had errors) the port is not checked against them, so one mistake is not reported twice.
    /// </summary>
    public void Read(MasonObject node, MasonPath path, ServiceDraft service, bool portsValid)
    {
        if (reader.ReadArray(node, "domains", path) is not { } domains)
        {
            return;
        }
        var declared = service.Ports.Where(p => p.Port.Protocol == PortProtocol.Tcp).Select(p => p.Port.ContainerPort).Distinct().Order().ToList();
        var domainsPath = path.Property("domains");
        for (var i = 0; i < domains.Items.Count; i++)
        {
            var item = domains.Items[i];
            var itemPath = domainsPath.Index(i);
            var read = item switch
            {
                MasonString text => ReadString(text, itemPath),
                MasonObject obj => ReadObject(obj, itemPath),
                _ => null,
            };
            if (item is not (MasonString or MasonObject))
            {
                reader.TypeError(itemPath, item, Expected);
            }
            if (read is not { } domain || !portsValid || ResolvePort(domain, item, itemPath, service, declared) is not { } port)
            {
                continue;
            }
            var protocol = domain.Https ? RouteProtocol.Https : RouteProtocol.Http;
            var route = new RouteSpec(domain.Host, domain.Path, protocol, LoadBalancerReader.DefaultPort(protocol), app, service.Name, port)
            {
                Sticky = domain.Sticky,
            };
            service.Domains.Add(new RouteDraft(route, itemPath, item.Position, itemPath, item.Position));
        }
    }

    private sealed record Domain(string Host, string Path, bool Https, bool Sticky, int? Port, MasonNode? PortNode);

    private Domain? ReadString(MasonString text, MasonPath itemPath)
    {
        var hostText = text.Value;
        string? pathText = null;
        // "https://shop.example.com" is a scheme, not a path: the hostname check says so.
        var slash = text.Value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && !text.Value.Contains("://", StringComparison.Ordinal))
        {
            hostText = text.Value[..slash];
            pathText = text.Value[slash..];
        }
        var host = HostnameSyntax.Normalise(hostText, out var hostProblem);
        string? pathProblem = null;
        var path = pathText is null ? RoutePathSyntax.Root : RoutePathSyntax.Normalise(pathText, out pathProblem);
        if (host is null || path is null)
        {
            reader.Errors.Add(itemPath, text.Position, $"{NodeText.Snippet(text)} — {hostProblem ?? pathProblem}");
            return null;
        }
        return new Domain(host, path, DefaultHttps, Sticky: false, Port: null, PortNode: null);
    }

    private Domain? ReadObject(MasonObject obj, MasonPath itemPath)
    {
        reader.CheckProperties(obj, itemPath, MasonFields.Domain);
        string? host = null;
        switch (obj["host"])
        {
            case null:
                reader.Errors.Add(itemPath.Property("host"), obj.Position,
                    "required property is missing: host, the hostname the service is reached on, such as \"shop.example.com\"", MasonErrorKind.Schema);
                break;
            case MasonString text:
                host = HostnameSyntax.Normalise(text.Value, out var problem);
                if (problem is not null)
                {
                    reader.Errors.Add(itemPath.Property("host"), text.Position, $"{NodeText.Snippet(text)} — {problem}");
                }
                break;
            case var other:
                reader.TypeError(itemPath.Property("host"), other, "a hostname such as \"shop.example.com\"");
                break;
        }
        string? path = RoutePathSyntax.Root;
        switch (obj["path"])
        {
            case null:
                break;
            case MasonString text:
                path = RoutePathSyntax.Normalise(text.Value, out var problem);
                if (problem is not null)
                {
                    reader.Errors.Add(itemPath.Property("path"), text.Position, $"{NodeText.Snippet(text)} — {problem}");
                }
                break;
            case var other:
                reader.TypeError(itemPath.Property("path"), other, "a path such as \"/api\"");
                path = null;
                break;
        }
        var portGiven = obj["port"] is not null;
        var port = portGiven ? reader.ReadInteger(obj, "port", itemPath, 1, 65535, "port") : null;
        var https = reader.ReadBoolean(obj, "https", itemPath);
        var sticky = reader.ReadBoolean(obj, "sticky", itemPath);
        var typesValid = (obj["https"] is null || https is not null) && (obj["sticky"] is null || sticky is not null);
        if (host is null || path is null || (portGiven && port is null) || !typesValid)
        {
            return null;
        }
        return new Domain(host, path, https ?? DefaultHttps, sticky ?? false, (int?)port, obj["port"]);
    }

    /// <summary>The container port the domain's requests go to: the one given, which the service must declare, else its only one.</summary>
    private int? ResolvePort(Domain domain, MasonNode item, MasonPath itemPath, ServiceDraft service, List<int> declared)
    {
        var list = string.Join(", ", declared.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        if (domain.Port is { } port)
        {
            if (declared.Contains(port))
            {
                return port;
            }
            reader.Errors.Add(itemPath.Property("port"), domain.PortNode!.Position, string.Create(CultureInfo.InvariantCulture,
                $"{port} — service {service.Name.Value} does not declare container port {port} in \"ports\" ({(declared.Count == 0 ? "it declares none" : $"it declares {list}")}); add it there"));
            return null;
        }
        switch (declared.Count)
        {
            case 1:
                return declared[0];
            case 0:
                reader.Errors.Add(itemPath, item.Position,
                    $"{NodeText.Snippet(item)} — service {service.Name.Value} declares no TCP port in \"ports\", so the port requests go to is unknown; " +
                    $"add the container port to \"ports\" (\"ports\": [\"8080\"]) or give it here ({{ \"host\": \"{domain.Host}\", \"port\": 8080 }})");
                return null;
            default:
                reader.Errors.Add(itemPath, item.Position, string.Create(CultureInfo.InvariantCulture,
                    $"{NodeText.Snippet(item)} — service {service.Name.Value} declares several ports ({list}); say which one requests go to: {{ \"host\": \"{domain.Host}\", \"port\": {declared[0]} }}"));
                return null;
        }
    }
}
