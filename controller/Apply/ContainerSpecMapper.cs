using System.Globalization;
using System.Text;
using Codemason.Mortar.Model;
using Codemason.Proto.V1;

namespace Codemason.Controller.Apply;

/// <summary>
/// Turns Mortar's normalised services into what agents run: the <see cref="ContainerSpec"/> of each service, its
/// <see cref="SpecHash"/> (of that spec, aliases included), and its published ports in mason.json form. Pure; golden-tested.
/// </summary>
public static class ContainerSpecMapper
{
    /// <summary>
    /// The aliases each service answers to on the app network besides its own name: the link aliases other
    /// services of the same app use to reach it (<c>"db:postgres"</c> in web gives the db service the alias
    /// <c>postgres</c>). Sorted, distinct; services without aliases map to an empty list.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ComputeAliases(AppSpec app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var aliases = app.Services.ToDictionary(s => s.Name.Value, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        foreach (var service in app.Services)
        {
            foreach (var link in service.Links.Where(l => l.Resolution == LinkResolution.App))
            {
                if (aliases.TryGetValue(link.Service.Value, out var set) && !string.Equals(link.Alias, link.Service.Value, StringComparison.Ordinal))
                {
                    set.Add(link.Alias);
                }
            }
        }
        return app.Services.ToDictionary(
            s => s.Name.Value,
            s => (IReadOnlyList<string>)[.. aliases[s.Name.Value]],
            StringComparer.Ordinal);
    }

    /// <summary>The agent's spec for one service of <paramref name="app"/>.</summary>
    public static ContainerSpec ToContainerSpec(AppName app, ServiceSpec service, IReadOnlyList<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(aliases);
        var spec = new ContainerSpec
        {
            Image = service.Image,
            MemoryMb = service.MemoryMb ?? 0,
            CpuShares = service.CpuShares ?? 0,
            Privileged = service.Privileged,
            PullPolicy = PullPolicy.IfMissing,
        };
        spec.Command.Add(service.Command ?? []);
        spec.Entrypoint.Add(service.Entrypoint ?? []);
        spec.Environment.Add(service.Environment.Select(e => new EnvVar { Name = e.Name, Value = e.Value, Secret = e.Secret }));
        spec.Ports.Add(service.Ports.Select(p => new PortMapping
        {
            ContainerPort = (uint)p.ContainerPort,
            Protocol = p.Protocol == PortProtocol.Udp ? "udp" : "tcp",
            HostIp = p.HostIp ?? "",
            HostPort = (uint)(p.HostPort ?? 0),
        }));
        spec.Volumes.Add(service.Volumes.Select(ToVolume));
        spec.Links.Add(service.Links.Select(l => new Link
        {
            App = l.App == app ? "" : l.App.Value,
            Service = l.Service.Value,
            Alias = l.Alias,
        }));
        foreach (var (key, value) in service.Labels)
        {
            spec.Labels[key] = value;
        }
        if (service.Registry is { } registry)
        {
            spec.RegistryAuth = new RegistryAuth { Server = registry.Server, Username = registry.Username ?? "", Password = registry.Password ?? "" };
        }
        if (service.Healthcheck is { } check)
        {
            spec.HealthCheck = new HealthCheck
            {
                IntervalMs = Millis(check.Interval),
                TimeoutMs = Millis(check.Timeout),
                Retries = (uint)Math.Max(0, check.Retries),
                StartPeriodMs = Millis(check.StartPeriod),
            };
            spec.HealthCheck.Test.Add(check.Test);
        }
        spec.Aliases.Add(aliases);
        return spec;
    }

    private static VolumeMount ToVolume(VolumeSpec volume)
    {
        var mount = new VolumeMount { Target = volume.Target, ReadOnly = volume.ReadOnly };
        switch (volume.Kind)
        {
            case VolumeKind.Named:
                mount.Volume = volume.Source ?? "";
                break;
            case VolumeKind.Bind:
                mount.HostPath = volume.Source ?? "";
                break;
            case VolumeKind.Anonymous:
            default:
                // Neither source: an anonymous volume, new with every container.
                break;
        }
        return mount;
    }

    private static uint Millis(TimeSpan value) => (uint)Math.Clamp(value.TotalMilliseconds, 0, uint.MaxValue);

    /// <summary>A published port in the mason.json form: <c>80</c>, <c>8080:80</c>, <c>127.0.0.1:8080:80</c>, <c>127.0.0.1::80</c>, <c>[::1]:8080:80</c>, <c>53:53/udp</c>.</summary>
    public static string FormatPort(PortSpec port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var builder = new StringBuilder();
        if (port.HostIp is { Length: > 0 } ip)
        {
            builder.Append(ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip).Append(':');
            if (port.HostPort is { } hostPort)
            {
                builder.Append(hostPort.ToString(CultureInfo.InvariantCulture));
            }
            builder.Append(':');
        }
        else if (port.HostPort is { } hostPort)
        {
            builder.Append(hostPort.ToString(CultureInfo.InvariantCulture)).Append(':');
        }
        builder.Append(port.ContainerPort.ToString(CultureInfo.InvariantCulture));
        if (port.Protocol == PortProtocol.Udp)
        {
            builder.Append("/udp");
        }
        return builder.ToString();
    }

    /// <summary>Every service of the app, ready to store: spec, <see cref="SpecHash.Of"/> the spec, scale, ports, placement rules.</summary>
    public static IReadOnlyList<Store.ServiceDraft> ToServiceDrafts(AppSpec app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var aliases = ComputeAliases(app);
        return
        [
            .. app.Services.Select(s =>
            {
                var spec = ToContainerSpec(app.Name, s, aliases[s.Name.Value]);
                return new Store.ServiceDraft(s.Name.Value, SpecHash.Of(spec), spec, s.Scale, [.. s.Ports.Select(FormatPort)])
                {
                    Placement = s.Placement,
                };
            }),
        ];
    }
}
