using Codemason.Cli.Commands.Status;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using static Codemason.Cli.Tests.Rollout.Replicas;

namespace Codemason.Cli.Tests.Commands.Status;

[CancelAfter(5000)]
public class StatusViewTests
{
    [Test]
    public void Render_AppWithReplicas_ShowsServicesThenReplicasWithNodeNames()
    {
        var app = App(3, ("web", 2, "h"));
        app.Services[0].Running = 1;
        app.Services[0].Ports.Add("8080:80");
        var running = Replica("web", 1, ReplicaState.Running, 3, "h", node: "n1");
        running.Ports.Add("0.0.0.0:8080->80/tcp");
        running.Address = "10.208.0.4";
        var pending = Replica("web", 2, ReplicaState.Pending, 3, explanation: "1 node; 1 already publishes port 8080");

        var text = StatusView.Render([app], [pending, running], new Dictionary<string, string> { ["n1"] = "web-01" }, Now, Palette.None);

        Assert.That(text, Is.EqualTo(
            "pebble  production  revision 3  updated 5m ago by admin\n" +
            "  NAME     IMAGE  NODE    ADDRESS     STATE        AGE  PORTS                 DETAIL\n" +
            "  web      web:1                      1/2 running       8080:80\n" +
            "    web#1         web-01  10.208.0.4  running      30s  0.0.0.0:8080->80/tcp\n" +
            "    web#2         -       -           pending      30s  -                     1 node; 1 already publishes port 8080\n"));
    }

    [Test]
    public void Render_AppWithoutServices_SaysSoInsteadOfAnEmptyTable()
    {
        var text = StatusView.Render([App(2)], [], new Dictionary<string, string>(), Now, Palette.None);

        Assert.That(text, Is.EqualTo("pebble  production  revision 2  updated 5m ago by admin\n  no services\n"));
    }

    [Test]
    public void Render_Colour_PaintsStates()
    {
        var app = App(1, ("web", 1, "h"));
        var text = StatusView.Render([app], [Replica("web", 1, ReplicaState.Failed, 1, message: "boom")], new Dictionary<string, string>(), Now, new Palette(true));

        Assert.That(text, Does.Contain("\u001b[31mfailed\u001b[0m"));
    }
}
