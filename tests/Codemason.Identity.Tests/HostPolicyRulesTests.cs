namespace Codemason.Identity.Tests;

public sealed class HostPolicyRulesTests
{
    private static readonly HostPolicyRules Default = HostPolicyRules.Default("staging");

    [TestCase("/srv/codemason/apps/shop/data")]
    [TestCase("/srv/codemason/apps/shop")]
    public void Default_TheAppsOwnDirectory_Allowed(string path) =>
        Assert.That(Default.RefuseBind(path, "shop"), Is.Null);

    [TestCase("/srv/codemason/apps/shopping/data", "is not allowed in environment \"staging\"")]
    [TestCase("/srv/codemason/apps/shop/../other", "\"/srv/codemason/apps/other\" is not allowed")]
    [TestCase("/etc", "mason env policy staging --allow-bind /etc")]
    [TestCase("/", "Docker engine's socket")]
    [TestCase("/var/run/docker.sock", "never allowed")]
    [TestCase("/run//./docker.sock/", "never allowed")]
    [TestCase("/var", "never allowed")]
    [TestCase("data", "must be absolute")]
    public void Default_OtherPaths_RefusedWithWhy(string path, string reason) =>
        Assert.That(Default.RefuseBind(path, "shop"), Does.Contain(reason));

    [Test]
    public void AllowedPaths_AndWhatIsUnderThem_Allowed_ButNotTheirNeighbours()
    {
        var policy = Default with { AllowedBindPaths = ["/srv/data/"] };

        Assert.Multiple(() =>
        {
            Assert.That(policy.RefuseBind("/srv/data", "shop"), Is.Null);
            Assert.That(policy.RefuseBind("/srv/data/shop/db", "shop"), Is.Null);
            Assert.That(policy.RefuseBind("/srv/database", "shop"), Does.Contain("allowed: /srv/data/"));
            Assert.That(policy.RefuseBind("/srv/data/../../etc", "shop"), Does.Contain("\"/etc\" is not allowed"));
        });
    }

    [Test]
    public void DockerSocket_RefusedEvenWhenEverythingIsAllowed()
    {
        var policy = Default with { AllowedBindPaths = ["/"] };

        Assert.Multiple(() =>
        {
            Assert.That(policy.RefuseBind("/var/run/docker.sock", "shop"), Does.Contain("never allowed"));
            Assert.That(policy.RefuseBind("/var/run", "shop"), Does.Contain("never allowed"));
            Assert.That(policy.RefuseBind("/home/me", "shop"), Is.Null);
        });
    }

    [Test]
    public void Privileged_RefusedByDefault_AllowedByTheException()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Default.RefusePrivileged(), Does.Contain("mason env policy staging --allow-privileged"));
            Assert.That((Default with { AllowPrivileged = true }).RefusePrivileged(), Is.Null);
        });
    }
}
