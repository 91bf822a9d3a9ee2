using Codemason.Docker.Errors;
using Codemason.Docker.Exec;

namespace Codemason.Docker.Tests.Integration;

public sealed class ExecTests : EngineTest
{
    [Test]
    [CancelAfter(30000)]
    public async Task Exec_CommandPrintsAndFails_ReturnsBothStreamsAndExitCode(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        var result = await Client.Containers.ExecAsync(created.Id, new ExecRequest(["sh", "-c", "echo out-$X; echo err >&2; exit 3"]) { Env = ["X=42"] }, cancellationToken);

        Assert.That(result, Is.EqualTo(new ExecResult(3, "out-42\n", "err\n")));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Exec_WithTty_ReturnsRawOutputAndZeroExit(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        var result = await Client.Containers.ExecAsync(created.Id, new ExecRequest(["sh", "-c", "echo one; echo two >&2"]) { Tty = true }, cancellationToken);

        Assert.That(result, Is.EqualTo(new ExecResult(0, "one\r\ntwo\r\n", "")));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Exec_ManyInParallel_EachGetsItsOwnOutput(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Client.Containers.ExecAsync(created.Id, new ExecRequest(["sh", "-c", $"echo {i}; exit {i}"]), cancellationToken)));

        Assert.That(results.Select(r => (r.ExitCode, r.Stdout)), Is.EqualTo(Enumerable.Range(0, 10).Select(i => ((long)i, $"{i}\n"))));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Exec_ContainerNotRunning_ThrowsConflict(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("true"), cancellationToken);

        Assert.ThrowsAsync<DockerConflictException>(() => Client.Containers.ExecAsync(created.Id, new ExecRequest(["true"]), cancellationToken));
    }
}
