using Codemason.Agent.Builds;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Agent.Tests.Builds;

public sealed class BuildLimitsTests
{
    private static readonly Resources FourCores8Gib = new() { CpuShares = 4 * 1024, MemoryMb = 8192 };

    [Test]
    public void Resolve_RequestNamesNothing_AgentDefaultsHalfTheNodesCpus()
    {
        var limits = BuildLimits.Resolve(new BuildRequest(), FourCores8Gib, new BuildOptions());

        Assert.That(limits, Is.EqualTo(new BuildLimits(2048, 2048, TimeSpan.FromMinutes(30))));
        Assert.That(limits.MemoryBytes, Is.EqualTo(2048L * 1024 * 1024));
        Assert.That(limits.CpuQuota, Is.EqualTo(200_000), "two cores: twice the 100 ms period");
    }

    [Test]
    public void Resolve_RequestNamesLimits_TheyWin()
    {
        var request = new BuildRequest
        {
            Limits = new Resources { MemoryMb = 512, CpuShares = 512 },
            Timeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        };

        var limits = BuildLimits.Resolve(request, FourCores8Gib, new BuildOptions());

        Assert.That(limits, Is.EqualTo(new BuildLimits(512, 512, TimeSpan.FromMinutes(5))));
        Assert.That(limits.CpuQuota, Is.EqualTo(50_000));
    }

    [Test]
    public void Resolve_RequestAsksMoreThanTheNodeHas_TheNodeIsTheCeiling()
    {
        var request = new BuildRequest { Limits = new Resources { MemoryMb = 64_000, CpuShares = 64 * 1024 } };

        var limits = BuildLimits.Resolve(request, FourCores8Gib, new BuildOptions());

        Assert.That((limits.MemoryMb, limits.CpuShares), Is.EqualTo((8192L, 4096L)));
    }

    [Test]
    public void Resolve_ConfiguredDefaults_UsedWhenTheRequestNamesNone()
    {
        var options = new BuildOptions { DefaultMemoryMb = 1024, DefaultCpuShares = 1024, DefaultTimeout = TimeSpan.FromMinutes(10) };

        var limits = BuildLimits.Resolve(new BuildRequest(), FourCores8Gib, options);

        Assert.That(limits, Is.EqualTo(new BuildLimits(1024, 1024, TimeSpan.FromMinutes(10))));
    }

    [Test]
    public void Resolve_NodeCapacityUnknown_DefaultMemoryAndNoCpuCap()
    {
        var limits = BuildLimits.Resolve(new BuildRequest(), new Resources(), new BuildOptions());

        Assert.That((limits.MemoryMb, limits.CpuShares, limits.CpuQuota), Is.EqualTo((2048L, 0L, (long?)null)));
    }

    [Test]
    public void Resolve_OneCoreNode_AtLeastAMinimumCpuCap()
    {
        var limits = BuildLimits.Resolve(new BuildRequest { Limits = new Resources { CpuShares = 1 } }, FourCores8Gib, new BuildOptions());

        Assert.That(limits.CpuShares, Is.EqualTo(BuildLimits.MinCpuShares));
    }

    [Test]
    public void Describe_Defaults_OneReadableLine()
    {
        var text = new BuildLimits(2048, 1024, TimeSpan.FromMinutes(30)).Describe();

        Assert.That(text, Is.EqualTo("limits: memory 2048 MiB, CPU 1 core, timeout 30 min"));
    }

    [Test]
    public void Describe_ShortTimeoutHalfCore_SecondsAndFraction()
    {
        var text = new BuildLimits(0, 512, TimeSpan.FromSeconds(90)).Describe();

        Assert.That(text, Is.EqualTo("limits: memory unlimited, CPU 0.5 cores, timeout 90 s"));
    }

    [Test]
    public void Describe_PinnedSteps_NamesTheCpus()
    {
        var text = new BuildLimits(2048, 1024, TimeSpan.FromMinutes(30)).Describe("1");

        Assert.That(text, Is.EqualTo("limits: memory 2048 MiB, CPU 1 core on CPUs 1, timeout 30 min"));
    }

    [TestCase(2, "1")]
    [TestCase(4, "2-3")]
    [TestCase(5, "2-4")]
    [TestCase(1, null)]
    [TestCase(0, null)]
    public void StepCpuSet_Auto_TheHighestNumberedHalf(int cpus, string? expected)
    {
        var node = new Resources { CpuShares = cpus * 1024L, MemoryMb = 8192 };

        Assert.That(BuildLimits.StepCpuSet(new BuildOptions(), node), Is.EqualTo(expected));
    }

    [TestCase("", null)]
    [TestCase("0,2", "0,2")]
    public void StepCpuSet_Configured_EmptyIsAnyCpuElseAsItIs(string setting, string? expected)
    {
        Assert.That(BuildLimits.StepCpuSet(new BuildOptions { StepCpus = setting }, FourCores8Gib), Is.EqualTo(expected));
    }
}
