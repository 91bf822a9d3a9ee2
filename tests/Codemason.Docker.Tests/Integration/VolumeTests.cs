using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Volumes;

namespace Codemason.Docker.Tests.Integration;

public sealed class VolumeTests : EngineTest
{
    [Test]
    [CancelAfter(60000)]
    public async Task CreateListRemove_LabelledVolume_FoundThenGone(CancellationToken cancellationToken)
    {
        var name = EngineFixture.UniqueName("vol");

        var created = await Client.Volumes.CreateAsync(new VolumeCreateRequest(name) { Labels = EngineFixture.Labels }, cancellationToken);
        var listed = await Client.Volumes.ListAsync(DockerFilters.ByLabel(EngineFixture.TestLabel, EngineFixture.RunId).Add("name", name), cancellationToken);
        var inspected = await Client.Volumes.InspectAsync(name, cancellationToken);
        await Client.Volumes.RemoveAsync(name, cancellationToken: cancellationToken);
        var afterRemove = await Client.Volumes.ListAsync(DockerFilters.ByLabel(EngineFixture.TestLabel, EngineFixture.RunId).Add("name", name), cancellationToken);

        Assert.That(created.Name, Is.EqualTo(name));
        Assert.That(created.Driver, Is.EqualTo("local"));
        Assert.That(listed.Select(v => v.Name), Is.EqualTo(new[] { name }));
        Assert.That(inspected.Labels![EngineFixture.TestLabel], Is.EqualTo(EngineFixture.RunId));
        Assert.That(inspected.Mountpoint, Is.Not.Empty);
        Assert.That(afterRemove, Is.Empty);
        Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Volumes.InspectAsync(name, cancellationToken));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Volume_WrittenByOneContainer_ReadByTheNextAndBusyWhileMounted(CancellationToken cancellationToken)
    {
        var name = EngineFixture.UniqueName("vol");
        await Client.Volumes.CreateAsync(new VolumeCreateRequest(name) { Labels = EngineFixture.Labels }, cancellationToken);
        var writer = await Client.Containers.CreateAsync(
            EngineFixture.Busybox("sh", "-c", "echo persisted > /data/file") with { Binds = [$"{name}:/data"] }, cancellationToken);
        await Client.Containers.StartAsync(writer.Id, cancellationToken);
        await Client.Containers.WaitAsync(writer.Id, cancellationToken: cancellationToken);
        var reader = await Client.Containers.CreateAsync(
            EngineFixture.Busybox("cat", "/data/file") with { Mounts = [MountSpec.Volume(name, "/data", readOnly: true)] }, cancellationToken);
        await Client.Containers.StartAsync(reader.Id, cancellationToken);
        await Client.Containers.WaitAsync(reader.Id, cancellationToken: cancellationToken);

        var read = await Client.Containers.GetLogsAsync(reader.Id, null, cancellationToken);
        var mounts = (await Client.Containers.InspectAsync(reader.Id, cancellationToken)).Mounts;

        Assert.That(read.Stdout, Is.EqualTo("persisted\n"));
        Assert.That(mounts!.Single(m => m.Destination == "/data"), Is.EqualTo(new ContainerMount { Type = "volume", Name = name, Source = mounts!.Single().Source, Destination = "/data", RW = false }));
        Assert.ThrowsAsync<DockerConflictException>(() => Client.Volumes.RemoveAsync(name, cancellationToken: cancellationToken));
    }
}
