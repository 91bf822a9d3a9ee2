using Codemason.Cli.Commands.Nodes;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Tests.Commands.Nodes;

[CancelAfter(5000)]
public class NodesViewTests
{
    [Test]
    public void Render_NodeAwaitingApproval_ShowsItInTheAvailabilityColumn()
    {
        Node[] nodes =
        [
            new() { Id = "3f9c0a1e5b7d2c84", Hostname = "web-01", Environment = "prod", Status = NodeStatus.Ready, Availability = NodeAvailability.Active },
            new() { Id = "4a0d1b2f6c8e3d95", Hostname = "web-02", Environment = "prod", Status = NodeStatus.Ready, Availability = NodeAvailability.Cordoned, AwaitingApproval = true },
        ];

        var lines = NodesView.Render(nodes, DateTimeOffset.UnixEpoch, Palette.None).Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines.Single(l => l.Contains("web-02", StringComparison.Ordinal)), Does.Contain("awaiting approval").And.Not.Contain("cordoned"));
            Assert.That(lines.Single(l => l.Contains("web-01", StringComparison.Ordinal)), Does.Not.Contain("awaiting approval"));
        });
    }
}
