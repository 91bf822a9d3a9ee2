using Codemason.Cli.Errors;
using Grpc.Core;

namespace Codemason.Cli.Tests.Errors;

[CancelAfter(5000)]
public class ExitCodeMapperTests
{
    private static readonly Uri Controller = new("http://127.0.0.1:7070");

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new UserErrorException("bad"), 1).SetName("Map_UserError_Exits1");
        yield return new TestCaseData(new ValidationFailedException("mason.json has 1 error", "report"), 1).SetName("Map_ValidationFailed_Exits1");
        yield return new TestCaseData(new ControllerRejectedException(StatusCode.NotFound, "no app", []), 1).SetName("Map_ControllerRejected_Exits1");
        yield return new TestCaseData(new UsageException("bad arg"), 2).SetName("Map_Usage_Exits2");
        yield return new TestCaseData(new ControllerUnreachableException(Controller, "refused"), 3).SetName("Map_Unreachable_Exits3");
        yield return new TestCaseData(new RpcException(new Status(StatusCode.Unavailable, "refused")), 3).SetName("Map_RawUnavailable_Exits3");
        yield return new TestCaseData(new RpcException(new Status(StatusCode.DeadlineExceeded, "")), 3).SetName("Map_RawDeadline_Exits3");
        yield return new TestCaseData(new AuthenticationException("refused"), 4).SetName("Map_Authentication_Exits4");
        yield return new TestCaseData(new RpcException(new Status(StatusCode.Unauthenticated, "")), 4).SetName("Map_RawUnauthenticated_Exits4");
        yield return new TestCaseData(new RpcException(new Status(StatusCode.PermissionDenied, "")), 4).SetName("Map_RawPermissionDenied_Exits4");
        yield return new TestCaseData(new DeployFailedException("timed out", ["web#1 pending"]), 5).SetName("Map_DeployFailed_Exits5");
        yield return new TestCaseData(new OperationCanceledException(), 130).SetName("Map_Cancelled_Exits130");
        yield return new TestCaseData(new FileNotFoundException("missing"), 1).SetName("Map_FileNotFound_Exits1");
        yield return new TestCaseData(new InvalidOperationException("bug"), 1).SetName("Map_UnexpectedException_Exits1");
    }

    [TestCaseSource(nameof(Cases))]
    public void Map_Exception_GivesDocumentedExitCode(Exception exception, int expected)
    {
        Assert.That((int)ExitCodeMapper.Map(exception).Code, Is.EqualTo(expected));
    }

    [Test]
    public void Map_ExitCodeValues_AreStable()
    {
        Assert.That(
            Enum.GetValues<ExitCode>().Select(c => (int)c),
            Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 130 }));
    }

    [Test]
    public void Map_Unreachable_MessageNamesTheAddressAndReason()
    {
        var failure = ExitCodeMapper.Map(new ControllerUnreachableException(Controller, "Connection refused (127.0.0.1:7070)"));

        Assert.Multiple(() =>
        {
            Assert.That(failure.Message, Is.EqualTo("cannot reach the controller at http://127.0.0.1:7070: Connection refused (127.0.0.1:7070)"));
            Assert.That(failure.Message, Does.Not.Contain("\n"));
            Assert.That(failure.Hint, Does.Contain("mason login"));
        });
    }

    [Test]
    public void Map_DeployFailed_KeepsDetailLines()
    {
        var failure = ExitCodeMapper.Map(new DeployFailedException("failed", ["web#1 on node n1: exit code 3", "  | boom"]));

        Assert.That(failure.Details, Is.EqualTo(new[] { "web#1 on node n1: exit code 3", "  | boom" }));
    }

    [Test]
    public void Map_UnexpectedException_HintsAtVerbose()
    {
        var failure = ExitCodeMapper.Map(new InvalidOperationException("boom"));

        Assert.That(failure.Hint, Does.Contain("--verbose"));
    }
}
