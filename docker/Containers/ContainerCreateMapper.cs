using System.Globalization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Containers;

/// <summary>Turns a <see cref="ContainerCreateRequest"/> into the engine's JSON for a given API version.</summary>
internal static class ContainerCreateMapper
{
    private const long NanosecondsPerTick = 100;

    /// <summary>The body to send, and the networks to connect after creating (engines before 1.44 take one at create).</summary>
    public static (ContainerCreateBody Body, List<KeyValuePair<string, NetworkAttachment>> ConnectAfter) Map(ContainerCreateRequest request, DockerApiVersion version)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Image);
        Dictionary<string, EmptyObject>? exposed = null;
        Dictionary<string, List<PortBindingBody>>? bindings = null;
        if (request.Ports is { Count: > 0 } ports)
        {
            exposed = new Dictionary<string, EmptyObject>(ports.Count, StringComparer.Ordinal);
            foreach (var port in ports)
            {
                var key = port.Key;
                exposed[key] = EmptyObject.Instance;
                if (port.IsPublished)
                {
                    bindings ??= new Dictionary<string, List<PortBindingBody>>(StringComparer.Ordinal);
                    if (!bindings.TryGetValue(key, out var list))
                    {
                        list = [];
                        bindings.Add(key, list);
                    }
                    var hostPort = port.HostPort is { } p and > 0 ? p.ToString(CultureInfo.InvariantCulture) : string.Empty;
                    list.Add(new PortBindingBody(port.HostIp, hostPort));
                }
            }
        }

        NetworkingConfigBody? networking = null;
        var connectAfter = new List<KeyValuePair<string, NetworkAttachment>>();
        var networkMode = request.NetworkMode;
        if (request.Networks is { Count: > 0 } networks)
        {
            var endpoints = new Dictionary<string, EndpointConfigBody>(StringComparer.Ordinal);
            foreach (var (name, attachment) in networks)
            {
                if (endpoints.Count == 0 || version >= DockerApiVersion.MultipleNetworksAtCreate)
                {
                    endpoints[name] = Endpoint(attachment);
                }
                else
                {
                    connectAfter.Add(new KeyValuePair<string, NetworkAttachment>(name, attachment));
                }
            }
            networking = new NetworkingConfigBody(endpoints);
            networkMode ??= endpoints.Keys.First();
        }

        var body = new ContainerCreateBody
        {
            Image = request.Image,
            Hostname = request.Hostname,
            MacAddress = request.MacAddress,
            User = request.User,
            WorkingDir = request.WorkingDir,
            Env = Env(request.Env),
            Cmd = request.Cmd,
            Entrypoint = request.Entrypoint,
            Labels = request.Labels,
            ExposedPorts = exposed,
            Volumes = request.Volumes is { Count: > 0 } volumes ? volumes.ToDictionary(v => v, _ => EmptyObject.Instance, StringComparer.Ordinal) : null,
            Tty = request.Tty,
            StopSignal = request.StopSignal,
            StopTimeout = request.StopTimeout is { } stop ? (int)Math.Ceiling(stop.TotalSeconds) : null,
            Healthcheck = Healthcheck(request.Healthcheck),
            NetworkingConfig = networking,
            HostConfig = new HostConfigBody
            {
                Binds = request.Binds is { Count: > 0 } ? request.Binds : null,
                Mounts = request.Mounts is { Count: > 0 } mounts ? mounts.Select(m => new MountBody(m.Type, m.Source, m.Target, m.ReadOnly,
                    m.VolumeLabels is { Count: > 0 } labels ? new MountVolumeOptionsBody(labels) : null)).ToList() : null,
                PortBindings = bindings,
                RestartPolicy = request.RestartPolicy is { } r ? new RestartPolicyBody(r.Name, r.MaximumRetryCount) : null,
                NetworkMode = networkMode,
                Memory = request.MemoryLimitBytes,
                NanoCpus = request.CpuLimit is { } cpus ? (long)Math.Round(cpus * 1e9) : null,
                CpuShares = request.CpuShares,
                Privileged = request.Privileged,
                Dns = request.Dns,
                AutoRemove = request.AutoRemove,
            },
        };
        return (body, connectAfter);
    }

    internal static EndpointConfigBody Endpoint(NetworkAttachment attachment) => new()
    {
        Aliases = attachment.Aliases is { Count: > 0 } ? attachment.Aliases : null,
        IPAMConfig = attachment.IPv4Address is { } ip ? new IpamConfigBody(ip) : null,
    };

    private static List<string>? Env(IReadOnlyDictionary<string, string?>? env)
    {
        if (env is not { Count: > 0 })
        {
            return null;
        }
        var list = new List<string>(env.Count);
        foreach (var (key, value) in env)
        {
            list.Add(value is null ? key : string.Concat(key, "=", value));
        }
        return list;
    }

    private static HealthcheckBody? Healthcheck(HealthcheckSpec? spec) => spec is null ? null : new HealthcheckBody
    {
        Test = spec.Test,
        Interval = Nanoseconds(spec.Interval),
        Timeout = Nanoseconds(spec.Timeout),
        StartPeriod = Nanoseconds(spec.StartPeriod),
        Retries = spec.Retries,
    };

    private static long? Nanoseconds(TimeSpan? value) => value is { } t ? t.Ticks * NanosecondsPerTick : null;
}
