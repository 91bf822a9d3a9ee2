using System.Net;
using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Logs;

namespace Codemason.Docker.Tests.Integration;

public sealed class ContainerLifecycleTests : EngineTest
{
    [Test]
    [CancelAfter(60000)]
    public async Task Lifecycle_CreateStartLogsStopRemove_EachStepVisible(CancellationToken cancellationToken)
    {
        var request = EngineFixture.Busybox("sh", "-c", "trap 'echo bye; exit 0' TERM; echo hello-out; echo hello-err >&2; sleep 3600 & wait");

        var created = await Client.Containers.CreateAsync(request, cancellationToken);
        var beforeStart = await Client.Containers.InspectAsync(created.Id, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        var running = await Client.Containers.InspectAsync(request.Name!, cancellationToken);
        var logs = await EventuallyAsync(
            () => Client.Containers.GetLogsAsync(created.Id, null, cancellationToken),
            l => l.Stdout.Length > 0 && l.Stderr.Length > 0,
            cancellationToken);
        await Client.Containers.StopAsync(created.Id, TimeSpan.FromSeconds(10), cancellationToken);
        var stopped = await Client.Containers.InspectAsync(created.Id, cancellationToken);
        await Client.Containers.RemoveAsync(created.Id, cancellationToken: cancellationToken);

        Assert.That(beforeStart.State.Status, Is.EqualTo("created"));
        Assert.That(running.State.Running, Is.True);
        Assert.That(running.State.Status, Is.EqualTo("running"));
        Assert.That(running.Name, Is.EqualTo("/" + request.Name));
        Assert.That(running.Config!.Labels![EngineFixture.TestLabel], Is.EqualTo(EngineFixture.RunId));
        Assert.That(running.Created, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.That(logs, Is.EqualTo(new ContainerOutput("hello-out\n", "hello-err\n")));
        Assert.That(stopped.State.Running, Is.False);
        Assert.That(stopped.State.ExitCode, Is.Zero, "the TERM trap exits 0: the stop was graceful");
        Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Containers.InspectAsync(created.Id, cancellationToken));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task GetLogs_TtyContainer_ReturnsRawOutputAsStdout(CancellationToken cancellationToken)
    {
        var request = EngineFixture.Busybox("sh", "-c", "echo tty-out; echo tty-err >&2") with { Tty = true };
        var created = await Client.Containers.CreateAsync(request, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        await Client.Containers.WaitAsync(created.Id, cancellationToken: cancellationToken);

        var logs = await Client.Containers.GetLogsAsync(created.Id, null, cancellationToken);

        Assert.That(logs.Stdout, Is.EqualTo("tty-out\r\ntty-err\r\n"));
        Assert.That(logs.Stderr, Is.Empty);
    }

    [Test]
    [CancelAfter(60000)]
    public async Task ReadLogs_FollowWithTimestampsAndTail_StreamsLinesAsPrinted(CancellationToken cancellationToken)
    {
        var request = EngineFixture.Busybox("sh", "-c", "for i in 1 2 3 4 5; do echo line-$i; done; sleep 1; echo late; sleep 3600");
        var created = await Client.Containers.CreateAsync(request, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        var lines = new List<string>();
        var stamps = new List<DateTimeOffset>();
        await foreach (var frame in Client.Containers.ReadLogsAsync(created.Id, new LogsOptions { Follow = true, Timestamps = true, Tail = 2 }, cancellationToken))
        {
            Assert.That(frame.TrySplitTimestamp(out var time, out var text), Is.True, frame.Text);
            stamps.Add(time);
            lines.Add(text.TrimEnd('\n'));
            if (text.StartsWith("late", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.That(lines, Is.EqualTo(new[] { "line-4", "line-5", "late" }).Or.EqualTo(new[] { "late" }),
            "tail=2 of the lines printed so far, then the late line as it is printed");
        Assert.That(stamps, Is.Ordered);
        Assert.That(stamps[0], Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Wait_ContainerExitsWithCode_ReturnsThatCode(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sh", "-c", "exit 7"), cancellationToken);
        var wait = Client.Containers.WaitAsync(created.Id, WaitCondition.NextExit, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        var exit = await wait;

        Assert.That(exit, Is.EqualTo(new ContainerExit(7, null)));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task Create_PortsEnvLimitsRestartHealthcheck_EngineAppliesThem(CancellationToken cancellationToken)
    {
        var request = EngineFixture.Busybox("sh", "-c", "mkdir -p /www && echo \"$GREETING\" > /www/index.html && exec httpd -f -p 8080 -h /www") with
        {
            Env = new Dictionary<string, string?> { ["GREETING"] = "hello-port" },
            Ports = [PortMapping.Publish(8080, 0, "127.0.0.1")],
            MemoryLimitBytes = 64L * 1024 * 1024,
            CpuLimit = 0.5,
            RestartPolicy = new RestartPolicy(RestartPolicyKind.OnFailure, 2),
            Healthcheck = HealthcheckSpec.Shell("wget -q -O /dev/null http://127.0.0.1:8080/") with { Interval = TimeSpan.FromMilliseconds(500), Retries = 3 },
        };
        var created = await Client.Containers.CreateAsync(request, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        var healthy = await EventuallyAsync(
            () => Client.Containers.InspectAsync(created.Id, cancellationToken),
            d => d.State.Health?.Status == "healthy",
            cancellationToken);
        var binding = healthy.NetworkSettings!.Ports!["8080/tcp"]![0];
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{binding.HostPort}/"), cancellationToken);

        Assert.That(binding.HostIp, Is.EqualTo("127.0.0.1"));
        Assert.That(body, Is.EqualTo("hello-port\n"));
        Assert.That(healthy.HostConfig!.Memory, Is.EqualTo(64L * 1024 * 1024));
        Assert.That(healthy.HostConfig.NanoCpus, Is.EqualTo(500_000_000));
        Assert.That(healthy.HostConfig.RestartPolicy, Is.EqualTo(new RestartPolicyView { Name = "on-failure", MaximumRetryCount = 2 }));
        Assert.That(healthy.Config!.Env, Does.Contain("GREETING=hello-port"));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Create_NameInUse_ThrowsConflict(CancellationToken cancellationToken)
    {
        var request = EngineFixture.Busybox("true");
        await Client.Containers.CreateAsync(request, cancellationToken);

        var ex = Assert.ThrowsAsync<DockerConflictException>(() => Client.Containers.CreateAsync(request, cancellationToken));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.EngineMessage, Does.Contain(request.Name));
    }

    [Test]
    [CancelAfter(30000)]
    public void Create_ImageNotPresent_ThrowsNotFound()
    {
        var request = EngineFixture.Busybox("true") with { Image = "local/codemason-no-such-image:1" };

        var ex = Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Containers.CreateAsync(request));

        Assert.That(ex!.EngineMessage, Does.Contain("no-such-image"));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Kill_ContainerNotRunning_ThrowsConflict(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("true"), cancellationToken);

        Assert.ThrowsAsync<DockerConflictException>(() => Client.Containers.KillAsync(created.Id, cancellationToken: cancellationToken));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Remove_RunningContainerWithoutForce_ThrowsConflictAndForceRemoves(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);

        Assert.ThrowsAsync<DockerConflictException>(() => Client.Containers.RemoveAsync(created.Id, cancellationToken: cancellationToken));
        await Client.Containers.RemoveAsync(created.Id, force: true, cancellationToken: cancellationToken);

        Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Containers.InspectAsync(created.Id, cancellationToken));
    }

    [Test]
    [CancelAfter(30000)]
    public async Task List_ByLabel_ReturnsOnlyMatchingContainers(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        var labels = new Dictionary<string, string>(EngineFixture.Labels) { ["codemason.test.case"] = marker };
        var a = await Client.Containers.CreateAsync(EngineFixture.Busybox("true") with { Labels = labels }, cancellationToken);
        var b = await Client.Containers.CreateAsync(EngineFixture.Busybox("true") with { Labels = labels }, cancellationToken);
        await Client.Containers.CreateAsync(EngineFixture.Busybox("true"), cancellationToken);

        var listed = await Client.Containers.ListAsync(new ContainerListOptions { Filters = DockerFilters.ByLabel("codemason.test.case", marker) }, cancellationToken);
        var runningOnly = await Client.Containers.ListAsync(new ContainerListOptions { All = false, Filters = DockerFilters.ByLabel("codemason.test.case", marker) }, cancellationToken);

        Assert.That(listed.Select(c => c.Id), Is.EquivalentTo(new[] { a.Id, b.Id }));
        Assert.That(listed.All(c => c.State == "created"), Is.True);
        Assert.That(runningOnly, Is.Empty);
    }
}
