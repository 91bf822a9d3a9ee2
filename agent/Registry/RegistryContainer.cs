using System.Formats.Tar;
using System.Text;
using Codemason.Agent.Engine;
using Codemason.Docker.Containers;

namespace Codemason.Agent.Registry;

/// <summary>
/// The registry's container as the agent makes it (pure): the create request, and the configuration directory as a tar
/// stream, uploaded into the created container before it starts (the agent usually runs in a container of its own, so a
/// host directory it writes is not one the engine could bind).
/// </summary>
public static class RegistryContainer
{
    /// <summary>Where the image's registry reads <c>config.yml</c> and the files it names.</summary>
    public const string ConfigDirectory = "/etc/docker/registry";

    /// <summary>Where the image's registry keeps blobs and manifests: the named volume is mounted here.</summary>
    public const string StorageDirectory = "/var/lib/docker-registry";

    /// <summary>The port the registry listens on inside its container.</summary>
    public const int ContainerPort = 5000;

    /// <summary>The environment variable that overrides <c>auth.token.realm</c> of <c>config.yml</c>.</summary>
    public const string RealmVariable = "REGISTRY_AUTH_TOKEN_REALM";

    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The labels of the registry's container and volume: <paramref name="baseLabels"/> (managed, node, node id, extra),
    /// <c>codemason.environment</c> and <c>codemason.registry</c> = the environment; on the container also
    /// <c>codemason.spec-hash</c>.
    /// </summary>
    public static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string> baseLabels, RegistryDeployment deployment, bool container)
    {
        ArgumentNullException.ThrowIfNull(baseLabels);
        ArgumentNullException.ThrowIfNull(deployment);
        var labels = new Dictionary<string, string>(baseLabels, StringComparer.Ordinal)
        {
            [ManagedLabels.Environment] = deployment.Environment,
            [ManagedLabels.Registry] = deployment.Environment,
        };
        if (container)
        {
            labels[ManagedLabels.SpecHash] = deployment.SpecHash;
        }
        return labels;
    }

    /// <summary>
    /// The container: <see cref="EngineNames.RegistryContainer"/>, the image, 5000/tcp published on the deployment's
    /// port on all interfaces, restarted by the engine unless stopped, the volume <see cref="EngineNames.RegistryVolume"/>
    /// at <see cref="StorageDirectory"/>, and <see cref="RealmVariable"/> when the deployment has a realm.
    /// </summary>
    public static ContainerCreateRequest Request(RegistryDeployment deployment, EngineNames names, IReadOnlyDictionary<string, string> baseLabels)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(names);
        return new ContainerCreateRequest(deployment.Image)
        {
            Name = names.RegistryContainer(deployment.Environment),
            Labels = Labels(baseLabels, deployment, container: true),
            Env = deployment.Realm.Length > 0 ? new Dictionary<string, string?> { [RealmVariable] = deployment.Realm } : null,
            Ports = [PortMapping.Publish(ContainerPort, deployment.Port)],
            Mounts = [MountSpec.Volume(names.RegistryVolume(deployment.Environment), StorageDirectory) with
            {
                VolumeLabels = Labels(baseLabels, deployment, container: false),
            }],
            RestartPolicy = new RestartPolicy(RestartPolicyKind.UnlessStopped),
        };
    }

    /// <summary>
    /// The files of <see cref="ConfigDirectory"/> as a tar stream, owned by root: <c>config.yml</c>, <c>registry.crt</c>
    /// and <c>ca.crt</c> (0644) and <c>registry.key</c> (0600). Positioned at its start.
    /// </summary>
    public static MemoryStream ConfigurationArchive(RegistryDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(writer, "config.yml", deployment.ConfigYaml, Public);
            Add(writer, "registry.crt", deployment.CertificatePem, Public);
            Add(writer, "registry.key", deployment.KeyPem, Secret);
            Add(writer, "ca.crt", deployment.CaPem, Public);
        }
        archive.Position = 0;
        return archive;
    }

    private static void Add(TarWriter writer, string name, string text, UnixFileMode mode)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content, Mode = mode, Uid = 0, Gid = 0 });
    }
}
