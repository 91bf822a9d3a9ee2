using System.Formats.Tar;
using Codemason.Agent.Engine;
using Codemason.Agent.Registry;
using Codemason.Docker.Containers;

namespace Codemason.Agent.Tests.Registry;

public sealed class RegistryContainerTests
{
    private static readonly RegistryDeployment Deployment = new("staging", "local/registry:2.8", 7402, "yaml\n", "crt\n", "key\n", "ca\n", "https://c:7400/registry/token", "h1");

    private static readonly Dictionary<string, string> BaseLabels = new()
    {
        [ManagedLabels.Managed] = "true", [ManagedLabels.Node] = "n1", [ManagedLabels.NodeId] = "id1",
    };

    [Test]
    public void Request_Deployment_NamedPublishedRestartedWithItsVolumeRealmAndLabels()
    {
        var request = RegistryContainer.Request(Deployment, new EngineNames("codemason"), BaseLabels);

        Assert.Multiple(() =>
        {
            Assert.That(request.Name, Is.EqualTo("codemason_registry_staging"));
            Assert.That(request.Image, Is.EqualTo("local/registry:2.8"));
            Assert.That(request.Ports, Is.EqualTo(new[] { PortMapping.Publish(5000, 7402) }));
            Assert.That(request.RestartPolicy, Is.EqualTo(new RestartPolicy(RestartPolicyKind.UnlessStopped)));
            Assert.That(request.Env, Is.EqualTo(new Dictionary<string, string?> { ["REGISTRY_AUTH_TOKEN_REALM"] = "https://c:7400/registry/token" }));
            Assert.That(request.Mounts!.Single().Source, Is.EqualTo("codemason_registry_staging"));
            Assert.That(request.Mounts!.Single().Target, Is.EqualTo("/var/lib/docker-registry"));
            Assert.That(request.Labels, Is.EquivalentTo(new Dictionary<string, string>(BaseLabels)
            {
                [ManagedLabels.Environment] = "staging", [ManagedLabels.Registry] = "staging", [ManagedLabels.SpecHash] = "h1",
            }));
            Assert.That(request.Mounts!.Single().VolumeLabels!.ContainsKey(ManagedLabels.SpecHash), Is.False, "the volume outlives every spec");
        });
    }

    [Test]
    public void Request_NoRealm_LeavesConfigYamlsRealm()
    {
        Assert.That(RegistryContainer.Request(Deployment with { Realm = "" }, new EngineNames("codemason"), BaseLabels).Env, Is.Null);
    }

    [Test]
    public void ConfigurationArchive_Deployment_FourFilesOwnedByRootWithTheKeyPrivate()
    {
        using var archive = RegistryContainer.ConfigurationArchive(Deployment);
        var entries = new List<(string Name, UnixFileMode Mode, int Uid, string Text)>();
        using (var reader = new TarReader(archive))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                using var text = new StreamReader(entry.DataStream!);
                entries.Add((entry.Name, entry.Mode, entry.Uid, text.ReadToEnd()));
            }
        }

        const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        Assert.That(entries, Is.EqualTo(new[]
        {
            ("config.yml", Public, 0, "yaml\n"),
            ("registry.crt", Public, 0, "crt\n"),
            ("registry.key", UnixFileMode.UserRead | UnixFileMode.UserWrite, 0, "key\n"),
            ("ca.crt", Public, 0, "ca\n"),
        }));
    }
}
