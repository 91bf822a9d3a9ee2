using Codemason.Controller.Auth;
using Codemason.Controller.Registry;
using Codemason.Controller.Store;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryAccessPolicyTests
{
    private static RegistryCaller Token(ApiRole role, params string[] environments) =>
        RegistryCaller.FromApiToken(new ApiTokenIdentity("id", "ci", role, environments.ToHashSet(), DateTimeOffset.UnixEpoch, null));

    private static RegistryAccess Scope(string text) => RegistryAccess.ParseScope(text)!;

    private static string[] Granted(RegistryCaller caller, params string[] scopes) =>
        [.. RegistryAccessPolicy.Grant(caller, scopes.Select(Scope)).Select(a => a.ToString())];

    [Test]
    public void Grant_DeployerInItsEnvironment_PullAndPush() =>
        Assert.That(Granted(Token(ApiRole.Deployer, "staging"), "repository:staging/shop/web:pull,push"),
            Is.EqualTo(new[] { "repository:staging/shop/web:pull,push" }));

    [Test]
    public void Grant_ViewerAskingToPush_OnlyPull() =>
        Assert.That(Granted(Token(ApiRole.Viewer, "staging"), "repository:staging/shop/web:pull,push"),
            Is.EqualTo(new[] { "repository:staging/shop/web:pull" }));

    [Test]
    public void Grant_DeployerOfAnotherEnvironment_Nothing() =>
        Assert.That(Granted(Token(ApiRole.Deployer, "staging"), "repository:production/shop/web:pull"), Is.Empty);

    [Test]
    public void Grant_DeployerAskingToDelete_Nothing() =>
        Assert.That(Granted(Token(ApiRole.Deployer, "staging"), "repository:staging/shop/web:delete"), Is.Empty);

    [Test]
    public void Grant_Admin_EverythingAskedEverywhere() =>
        Assert.That(Granted(Token(ApiRole.Admin), "repository:production/shop/web:pull,push,delete", "registry:catalog:*"),
            Is.EqualTo(new[] { "repository:production/shop/web:pull,push,delete", "registry:catalog:*" }));

    [Test]
    public void Grant_NodeInItsEnvironment_PullOnly()
    {
        var node = RegistryCaller.FromNode(new NodeIdentity(NodeId.Parse("0123456789abcdef"), "staging"));

        Assert.Multiple(() =>
        {
            Assert.That(node.Subject, Is.EqualTo("node:0123456789abcdef"));
            Assert.That(Granted(node, "repository:staging/shop/web:pull,push"), Is.EqualTo(new[] { "repository:staging/shop/web:pull" }));
            Assert.That(Granted(node, "repository:production/shop/web:pull"), Is.Empty);
        });
    }

    [TestCase("repository:staging:pull")]
    [TestCase("repository:staging/:pull")]
    [TestCase("registry:catalog:*")]
    public void Grant_ScopedCallerOutsideRepositoriesOfItsEnvironments_Nothing(string scope) =>
        Assert.That(Granted(Token(ApiRole.Deployer, "staging"), scope), Is.Empty);

    [TestCase("repository:staging/shop/web:pull,push", "repository", "staging/shop/web", "pull,push")]
    [TestCase("repository(plugin):a/b:pull", "repository(plugin)", "a/b", "pull")]
    [TestCase("repository:host:5000/a/b:pull", "repository", "host:5000/a/b", "pull")]
    public void ParseScope_WellFormed_TypeNameActions(string text, string type, string name, string actions)
    {
        var scope = RegistryAccess.ParseScope(text)!;

        Assert.Multiple(() =>
        {
            Assert.That(scope.Type, Is.EqualTo(type));
            Assert.That(scope.Name, Is.EqualTo(name));
            Assert.That(string.Join(',', scope.Actions), Is.EqualTo(actions));
        });
    }

    [TestCase("")]
    [TestCase("repository")]
    [TestCase("repository:pull")]
    [TestCase(":a/b:pull")]
    public void ParseScope_Malformed_Null(string text) => Assert.That(RegistryAccess.ParseScope(text), Is.Null);
}
