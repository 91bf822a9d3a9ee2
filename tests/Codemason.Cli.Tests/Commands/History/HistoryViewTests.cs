using Codemason.Cli.Commands.History;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;
using static Codemason.Cli.Tests.Rollout.Replicas;

namespace Codemason.Cli.Tests.Commands.History;

[CancelAfter(5000)]
public class HistoryViewTests
{
    [Test]
    public void Render_Revisions_MarksTheNewestAsCurrent()
    {
        Revision Rev(ulong n, string reason, int minutesAgo) => new()
        {
            Number = n,
            Reason = reason,
            CreatedBy = "admin",
            CreatedAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(-minutesAgo)),
        };

        var text = HistoryView.Render([Rev(3, "rollback to 1", 1), Rev(2, "scale web=2", 5), Rev(1, "apply", 90)], Now, Palette.None);

        Assert.That(text, Is.EqualTo(
            "   REVISION  AGE  BY     REASON\n" +
            "*  3         1m   admin  rollback to 1\n" +
            "   2         5m   admin  scale web=2\n" +
            "   1         1h   admin  apply\n"));
    }
}
