using Codemason.Controller.Auth;
using Codemason.Controller.Git;

namespace Codemason.Controller.Tests.Git;

public sealed class GitRequestTests
{
    [TestCase("GET", "info/refs", "git-upload-pack", false, false, ApiRole.Viewer)]
    [TestCase("POST", "git-upload-pack", null, false, true, ApiRole.Viewer)]
    [TestCase("GET", "info/refs", "git-receive-pack", true, false, ApiRole.Deployer)]
    [TestCase("POST", "git-receive-pack", null, true, true, ApiRole.Deployer)]
    public void Of_SmartHttpRequests_NeedTheirRole(string method, string rest, string? service, bool push, bool exchange, ApiRole role)
    {
        var request = GitRequest.Of(method, rest, service);

        Assert.Multiple(() =>
        {
            Assert.That(request, Is.EqualTo(new GitRequest(push, exchange)));
            Assert.That(request!.MinimumRole, Is.EqualTo(role));
            Assert.That(request.RunsHooks, Is.EqualTo(push && exchange));
        });
    }

    [TestCase("GET", "info/refs", null)]
    [TestCase("GET", "HEAD", null)]
    [TestCase("GET", "objects/info/packs", null)]
    [TestCase("GET", "git-receive-pack", null)]
    [TestCase("POST", "info/refs", "git-receive-pack")]
    [TestCase("PUT", "git-receive-pack", null)]
    public void Of_DumbHttpOrOtherMethods_IsNone(string method, string rest, string? service)
    {
        Assert.That(GitRequest.Of(method, rest, service), Is.Null);
    }
}
