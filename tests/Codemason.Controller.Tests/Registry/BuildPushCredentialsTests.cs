using Codemason.Controller.Registry;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Registry;

public sealed class BuildPushCredentialsTests
{
    private static readonly AppKey Shop = new("staging", "shop");

    [Test]
    public void Authenticate_LiveCredential_PullsAndPushesItsAppOnly()
    {
        var credentials = new BuildPushCredentials(new ManualTimeProvider(DateTimeOffset.UnixEpoch));
        var (user, password) = credentials.Issue(Shop, TimeSpan.FromMinutes(30));

        var caller = credentials.Authenticate(user, password);

        Assert.That(caller, Is.Not.Null);
        var granted = RegistryAccessPolicy.Grant(caller!, [
            RegistryAccess.ParseScope("repository:staging/shop/web:pull,push")!,
            RegistryAccess.ParseScope("repository:staging/blog/web:pull,push")!,
            RegistryAccess.ParseScope("repository:production/shop/web:pull")!,
            RegistryAccess.ParseScope("repository:staging/shop/web:delete")!,
        ]);
        Assert.That(granted.Select(g => g.ToString()), Is.EqualTo(new[] { "repository:staging/shop/web:pull,push" }));
        Assert.That(user, Does.StartWith(BuildPushCredentials.UserPrefix));
    }

    [Test]
    public void Authenticate_WrongPasswordRevokedOrExpired_Null()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var credentials = new BuildPushCredentials(time);
        var (revoked, revokedPassword) = credentials.Issue(Shop, TimeSpan.FromMinutes(30));
        var (expiring, expiringPassword) = credentials.Issue(Shop, TimeSpan.FromMinutes(30));
        var (live, _) = credentials.Issue(Shop, TimeSpan.FromHours(2));

        credentials.Revoke(revoked);
        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Multiple(() =>
        {
            Assert.That(credentials.Authenticate(live, "wrong"), Is.Null);
            Assert.That(credentials.Authenticate(revoked, revokedPassword), Is.Null);
            Assert.That(credentials.Authenticate(expiring, expiringPassword), Is.Null);
            Assert.That(credentials.Authenticate("build-unknown", "x"), Is.Null);
        });
    }
}
