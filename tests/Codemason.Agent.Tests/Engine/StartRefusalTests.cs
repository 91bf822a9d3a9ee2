using Codemason.Agent.Engine;

namespace Codemason.Agent.Tests.Engine;

/// <summary>The engine's answers to a start after it restarted, as Docker 20.10 gave them in CI runs.</summary>
public sealed class StartRefusalTests
{
    [Test]
    public void Read_ShimTaskDirectoryLeftByAnInterruptedStart_ContainerUnusable() =>
        Assert.That(StartRefusal.Read("failed to start shim: mkdir /var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby/" +
                "a3caca34ecfb973a9a037fe4bd92aa9a2bf1b120d3ea410360d0c5b10fbd2888: file exists: unknown"),
            Is.EqualTo(new StartRefusal.UnusableContainer("its runtime kept the task directory of an interrupted start")));

    [Test]
    public void Read_OldRuntimeTask_ContainerUnusable() =>
        Assert.That(StartRefusal.Read("task 374fea69cd58: already exists: unknown"),
            Is.EqualTo(new StartRefusal.UnusableContainer("its runtime still holds an old task")));

    [Test]
    public void Read_LostEndpointRecord_ContainerUnusable() =>
        Assert.That(StartRefusal.Read("failed to update store for object type *libnetwork.endpoint: Key not found in store"),
            Is.EqualTo(new StartRefusal.UnusableContainer("its network endpoint record is lost")));

    [Test]
    public void Read_EndpointKeptInTheNetwork_NamesEndpointAndNetwork() =>
        Assert.That(StartRefusal.Read("endpoint with name t60ac622b8ff_faults_web_1_ea23bc already exists in network t60ac622b8ffa_t60ac622b8ff_faults"),
            Is.EqualTo(new StartRefusal.StaleEndpoint("t60ac622b8ff_faults_web_1_ea23bc", "t60ac622b8ffa_t60ac622b8ff_faults")));

    [TestCase("driver failed programming external connectivity on endpoint x: Bind for 0.0.0.0:8080 failed: port is already allocated")]
    [TestCase("failed to update the store state of sandbox: failed to update store for object type *libnetwork.sbState: open : no such file or directory")]
    [TestCase("transport is closing: unavailable")]
    public void Read_OtherFailures_NotRepaired(string message) =>
        Assert.That(StartRefusal.Read(message), Is.Null);
}
