using System.Formats.Tar;
using System.Globalization;
using Codemason.Agent.Engine;
using Codemason.Docker.Containers;

namespace Codemason.Agent.Edge;

/// <summary>
/// The edge proxy's container as the agent makes it (pure): host networking (it owns the HTTP and HTTPS ports and reaches
/// replicas on the overlay bridge), restarted by the engine, and a volume at <see cref="ConfigDirectory"/> where the routes
/// are put through the engine's archive API (the agent usually runs in a container of its own, so a host directory it
/// writes is not one the engine could bind).
/// </summary>
public static class EdgeContainer
{
    /// <summary>The proxy's configuration directory inside its container.</summary>
    public const string ConfigDirectory = "/config";

    /// <summary>
    /// The labels of the edge's container and volume: <paramref name="baseLabels"/>, <c>codemason.environment</c> and
    /// <c>codemason.edge</c> = the environment; on the container also <c>codemason.spec-hash</c>.
    /// </summary>
    public static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string> baseLabels, EdgeDeployment deployment, bool container)
    {
        ArgumentNullException.ThrowIfNull(baseLabels);
        ArgumentNullException.ThrowIfNull(deployment);
        var labels = new Dictionary<string, string>(baseLabels, StringComparer.Ordinal)
        {
            [ManagedLabels.Environment] = deployment.Environment,
            [ManagedLabels.Edge] = deployment.Environment,
        };
        if (container)
        {
            labels[ManagedLabels.SpecHash] = deployment.SpecHash;
        }
        return labels;
    }

    /// <summary>The proxy's arguments: its configuration directory, its ports, and its metrics address on loopback.</summary>
    public static IReadOnlyList<string> Arguments(EdgeDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var server = deployment.Server;
        var arguments = new List<string>
        {
            "--config-dir", ConfigDirectory,
            "--http-port", Text(server.HttpPort),
            "--https-port", Text(server.HttpsPort),
        };
        foreach (var port in server.ExtraHttpPorts)
        {
            arguments.AddRange(["--extra-http-port", Text(port)]);
        }
        foreach (var port in server.ExtraHttpsPorts)
        {
            arguments.AddRange(["--extra-https-port", Text(port)]);
        }
        if (server.MetricsPort > 0)
        {
            arguments.AddRange(["--metrics", $"127.0.0.1:{Text(server.MetricsPort)}"]);
        }
        return arguments;
    }

    /// <summary>The container: <see cref="EngineNames.EdgeContainer"/>, host networking, the volume, restarted unless stopped.</summary>
    public static ContainerCreateRequest Request(EdgeDeployment deployment, EngineNames names, IReadOnlyDictionary<string, string> baseLabels)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(names);
        return new ContainerCreateRequest(deployment.Server.Image)
        {
            Name = names.EdgeContainer(deployment.Environment),
            Labels = Labels(baseLabels, deployment, container: true),
            Cmd = Arguments(deployment),
            NetworkMode = "host",
            Mounts = [MountSpec.Volume(names.EdgeVolume(deployment.Environment), ConfigDirectory) with
            {
                VolumeLabels = Labels(baseLabels, deployment, container: false),
            }],
            RestartPolicy = new RestartPolicy(RestartPolicyKind.UnlessStopped),
        };
    }

    /// <summary>The routes file as a tar stream (0600, owned by root: it will carry certificate keys), positioned at its start.</summary>
    public static MemoryStream ConfigurationArchive(byte[] configJson)
    {
        ArgumentNullException.ThrowIfNull(configJson);
        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        using (var content = new MemoryStream(configJson))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, EdgeConfigFile.FileName)
            {
                DataStream = content,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                Uid = 0,
                Gid = 0,
            });
        }
        archive.Position = 0;
        return archive;
    }

    private static string Text(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
