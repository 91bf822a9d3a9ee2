using NUnit.Framework.Interfaces;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>
/// Base of the tests that run the real controller and agents as processes: skips when the agent binary, the engine or
/// the test image is missing, prints what the cluster looked like when a test fails, and disposes it afterwards.
/// </summary>
public abstract class ProcessClusterTest
{
    /// <summary>The cluster a test started, disposed after it.</summary>
    protected ProcessCluster? Cluster { get; set; }

    [SetUp]
    public async Task SkipWithoutPrerequisites()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (await ProcessCluster.MissingPrerequisiteAsync(timeout.Token) is { } missing)
        {
            Assert.Ignore(missing);
        }
    }

    [TearDown]
    public async Task DisposeCluster()
    {
        if (Cluster is null)
        {
            return;
        }
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await Cluster.DescribeAsync());
        }
        await Cluster.DisposeAsync();
        Cluster = null;
    }
}
