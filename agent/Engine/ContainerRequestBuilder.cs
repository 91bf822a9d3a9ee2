using System.Globalization;
using Codemason.Agent.Reconciliation;
using Codemason.Docker.Containers;
using Codemason.Proto.V1;

namespace Codemason.Agent.Engine;

/// <summary>
/// Turns an assigned replica into the engine's create request. A replica with an overlay address joins its
/// environment's overlay network at that address, with the gateway as its DNS server and no network aliases
/// (names are the gateway's to answer, cluster-wide: docs/networking.md); any other joins its app's network here,
/// known by its service name and aliases.
/// </summary>
/// <remarks>
/// Named volumes and the app network are used under the names they have on the engine (<see cref="AppObjectNames"/>).
/// An anonymous volume (a mount without a source) carries the agent's labels and the replica's, so it can be found;
/// it is removed with its container (<see cref="ActionExecutor"/>).
/// </remarks>
public sealed class ContainerRequestBuilder(NodeScope scope, AppObjectNames names, Overlay.OverlayService? overlay = null)
{
    /// <summary>The create request of <paramref name="replica"/>'s container, named <paramref name="containerName"/>.</summary>
    public ContainerCreateRequest Build(DesiredReplica replica, string containerName)
    {
        var spec = replica.Spec;
        var labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in scope.BaseLabels())
        {
            labels[key] = value;
        }
        labels[ManagedLabels.Environment] = replica.App.Environment;
        labels[ManagedLabels.App] = replica.App.App;
        labels[ManagedLabels.Service] = replica.Service;
        labels[ManagedLabels.Replica] = replica.Index.ToString(CultureInfo.InvariantCulture);
        labels[ManagedLabels.Revision] = replica.AppRevision.ToString(CultureInfo.InvariantCulture);
        labels[ManagedLabels.SpecHash] = replica.SpecHash.Value;

        var (networks, dns, mac) = Networking(replica);

        return new ContainerCreateRequest(spec.Image)
        {
            Name = containerName,
            Hostname = $"{replica.Service}-{replica.Index}",
            Env = spec.Environment.ToDictionary(e => e.Name, e => (string?)e.Value, StringComparer.Ordinal),
            Cmd = spec.Command.Count > 0 ? [.. spec.Command] : null,
            Entrypoint = spec.Entrypoint.Count > 0 ? [.. spec.Entrypoint] : null,
            Labels = labels,
            Ports = [.. spec.Ports.Select(ToPortMapping)],
            Mounts = [.. spec.Volumes.Select(v => ToMount(replica, v))],
            Networks = networks,
            Dns = dns,
            MacAddress = mac,
            // The agent restarts containers itself (with backoff, reported); the engine must not race it.
            RestartPolicy = new RestartPolicy(RestartPolicyKind.No),
            MemoryLimitBytes = spec.MemoryMb > 0 ? spec.MemoryMb * 1024 * 1024 : null,
            CpuShares = spec.CpuShares > 0 ? (int)Math.Min(spec.CpuShares, int.MaxValue) : null,
            Privileged = spec.Privileged,
            Healthcheck = ToHealthcheck(spec.HealthCheck),
        };
    }

    /// <summary>
    /// The overlay at the replica's address with the gateway as DNS server, when it has an address and this node is on
    /// the overlay (not there yet: retry later), with the MAC that follows its address wherever it runs
    /// (<see cref="Overlay.OverlayMac"/>); else its app's network, known by its service name and aliases.
    /// </summary>
    private (Dictionary<string, NetworkAttachment> Networks, IReadOnlyList<string>? Dns, string? Mac) Networking(DesiredReplica replica)
    {
        if (replica.Address.Length > 0 && overlay is { InUse: true })
        {
            if (!overlay.TryGetAttachment(replica.App.Environment, out var attachment))
            {
                throw new RetryLaterException($"waiting for the network of environment {replica.App.Environment} on this node");
            }
            return (new(StringComparer.Ordinal) { [attachment.Network] = new NetworkAttachment { IPv4Address = replica.Address } },
                [attachment.Gateway.ToString()], Overlay.OverlayMac.Of(System.Net.IPAddress.Parse(replica.Address)));
        }
        var aliases = new List<string> { replica.Service };
        aliases.AddRange(replica.Spec.Aliases.Where(a => !aliases.Contains(a, StringComparer.Ordinal)));
        return (new(StringComparer.Ordinal) { [names.Network(replica.App)] = new NetworkAttachment { Aliases = aliases } }, null, null);
    }

    /// <summary>mason.json ports are always published; host port 0 lets the engine pick one.</summary>
    private static Docker.Containers.PortMapping ToPortMapping(Proto.V1.PortMapping port) => Docker.Containers.PortMapping.Publish(
        (int)port.ContainerPort,
        (int)port.HostPort,
        string.IsNullOrEmpty(port.HostIp) ? null : port.HostIp,
        string.IsNullOrEmpty(port.Protocol) ? "tcp" : port.Protocol);

    /// <summary>A bind mount, a named volume of the app, or (no source) an anonymous volume labelled as the replica's.</summary>
    private MountSpec ToMount(DesiredReplica replica, VolumeMount volume) => volume.SourceCase switch
    {
        VolumeMount.SourceOneofCase.HostPath => MountSpec.Bind(volume.HostPath, volume.Target, volume.ReadOnly),
        VolumeMount.SourceOneofCase.Volume => MountSpec.Volume(names.Volume(replica.App, volume.Volume), volume.Target, volume.ReadOnly),
        _ => new MountSpec("volume", null, volume.Target) { ReadOnly = volume.ReadOnly, VolumeLabels = AnonymousVolumeLabels(replica) },
    };

    private Dictionary<string, string> AnonymousVolumeLabels(DesiredReplica replica)
    {
        var labels = scope.BaseLabels();
        labels[ManagedLabels.Environment] = replica.App.Environment;
        labels[ManagedLabels.App] = replica.App.App;
        labels[ManagedLabels.Service] = replica.Service;
        labels[ManagedLabels.Replica] = replica.Index.ToString(CultureInfo.InvariantCulture);
        return labels;
    }

    private static HealthcheckSpec? ToHealthcheck(HealthCheck? check)
    {
        if (check is null || check.Test.Count == 0)
        {
            return null;
        }
        return new HealthcheckSpec([.. check.Test])
        {
            Interval = Millis(check.IntervalMs),
            Timeout = Millis(check.TimeoutMs),
            StartPeriod = Millis(check.StartPeriodMs),
            Retries = check.Retries > 0 ? (int)check.Retries : null,
        };
    }

    private static TimeSpan? Millis(uint value) => value > 0 ? TimeSpan.FromMilliseconds(value) : null;
}
