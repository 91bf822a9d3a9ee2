using Codemason.Testing.Cluster;
using NUnit.Framework.Interfaces;

namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>
/// Base of the fault tests: skips when the agent binary, the engine or the test image is missing, prints
/// what the cluster looked like when a test fails, disposes what a test started, and adds each test's fault,
/// checks, outcome and figures to the <see cref="FaultReport"/>.
/// </summary>
public abstract class FaultTest
{
    private readonly List<string> _checks = [];
    private readonly List<string> _figures = [];
    private readonly List<Func<ValueTask>> _cleanups = [];
    private string _fault = "";

    protected ProcessCluster? Cluster { get; set; }

    [SetUp]
    public async Task CheckPrerequisites()
    {
        _checks.Clear();
        _figures.Clear();
        _cleanups.Clear();
        _fault = TestContext.CurrentContext.Test.Name;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (await FaultCluster.MissingPrerequisiteAsync(timeout.Token) is { } missing)
        {
            Assert.Ignore(missing);
        }
    }

    [TearDown]
    public async Task Report()
    {
        var result = TestContext.CurrentContext.Result;
        try
        {
            if (Cluster is not null)
            {
                if (result.Outcome.Status == TestStatus.Failed)
                {
                    await TestContext.Out.WriteLineAsync(await Cluster.DescribeAsync());
                }
                await Cluster.DisposeAsync();
                Cluster = null;
            }
        }
        finally
        {
            // Namespaces and mounts go whatever happened to the processes.
            for (var i = _cleanups.Count - 1; i >= 0; i--)
            {
                await _cleanups[i]();
            }
        }
        var outcome = result.Outcome.Status switch
        {
            TestStatus.Passed => "survived",
            TestStatus.Skipped or TestStatus.Inconclusive => $"skipped: {result.Message}",
            _ => $"FAILED: {FirstLine(result.Message)}",
        };
        FaultReport.Append(TestContext.CurrentContext.Test.Name, _fault, _checks, outcome, _figures);
    }

    /// <summary>Names the fault this test injects, for the report.</summary>
    protected void Fault(string description) => _fault = description;

    /// <summary>Adds a property the test asserts, for the report.</summary>
    protected void Checks(params string[] checks) => _checks.AddRange(checks);

    /// <summary>Records a measured figure (also printed at once).</summary>
    protected void Figure(string figure)
    {
        _figures.Add(figure);
        TestContext.Out.WriteLine(figure);
    }

    /// <summary>
    /// Starts a multi-node harness of <paramref name="nodes"/> engines (its own name), removed after the cluster
    /// whatever the outcome; skips the test when this machine cannot run one.
    /// </summary>
    protected async Task<EngineCluster> StartHarnessAsync(int nodes, CancellationToken cancellationToken)
    {
        if (EngineCluster.MissingPrerequisite() is { } missing)
        {
            Assert.Ignore(missing);
        }
        var harness = await EngineCluster.StartAsync(new EngineClusterOptions { Nodes = nodes }, cancellationToken);
        OnCleanup(harness.DisposeAsync);
        return harness;
    }

    /// <summary>Runs after the cluster is disposed, in reverse order of registration, whatever the outcome.</summary>
    protected void OnCleanup(Func<ValueTask> cleanup) => _cleanups.Add(cleanup);

    private static string FirstLine(string? message) =>
        (message ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
