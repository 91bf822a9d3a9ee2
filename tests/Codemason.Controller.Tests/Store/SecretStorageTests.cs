using System.Text;
using Codemason.Controller.Auth;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Tests.Store;

public sealed class SecretStorageTests
{
    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await StoreHarness.OpenAsync();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task Secrets_WrittenToTheFile_OnlyTheirHashesAreStored(CancellationToken cancellationToken)
    {
        var admin = _harness.Initialization.BootstrapAdminToken!;
        var created = await _harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var node = await _harness.Store.RegisterNodeAsync(created.JoinToken, Details("n1"), cancellationToken);
        var extra = (await _harness.Store.CreateApiTokenAsync(new ApiTokenDraft("ci", ApiRole.Deployer, ["prod"], null, "admin"), cancellationToken)).Secret;
        _harness.Store.Dispose();
        SqliteConnection.ClearAllPools();

        var bytes = ReadAll(_harness.DatabasePath);

        Assert.Multiple(() =>
        {
            foreach (var secret in new[] { admin, created.JoinToken, node!.Credential, extra })
            {
                Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(secret)), Is.False, "plaintext stored");
                Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(secret[(secret.IndexOf('_', secret.IndexOf('_') + 1) + 1)..])), Is.False, "secret part stored");
                Assert.That(Contains(bytes, SecretTokens.Hash(secret)), Is.True, "hash missing");
            }
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ValidateApiToken_RightWrongAndMalformed_OnlyTheRightOneIsAccepted(CancellationToken cancellationToken)
    {
        var token = (await _harness.Store.CreateApiTokenAsync(new ApiTokenDraft("ci", ApiRole.Admin, [], null, "admin"), cancellationToken)).Secret;
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");

        var identity = await _harness.Store.ValidateApiTokenAsync(token, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(identity?.Name, Is.EqualTo("ci"));
            Assert.That(await _harness.Store.ValidateApiTokenAsync(tampered, cancellationToken), Is.Null);
            Assert.That(await _harness.Store.ValidateApiTokenAsync("Bearer nonsense", cancellationToken), Is.Null);
            Assert.That(await _harness.Store.ValidateApiTokenAsync("", cancellationToken), Is.Null);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RegisterNode_WrongOrRotatedJoinToken_MakesNoNode(CancellationToken cancellationToken)
    {
        var created = await _harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var rotated = await _harness.Store.IssueJoinTokenAsync("prod", rotate: true, cancellationToken);

        var withOld = Assert.ThrowsAsync<Codemason.Controller.Errors.JoinRefusedException>(() => _harness.Store.RegisterNodeAsync(created.JoinToken, Details("old"), cancellationToken));
        var withGarbage = await _harness.Store.RegisterNodeAsync("cmj_0000000000000000_nope", Details("garbage"), cancellationToken);
        var withNew = await _harness.Store.RegisterNodeAsync(rotated, Details("new"), cancellationToken);

        var nodes = await _harness.Store.ListNodesAsync("prod", cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(withOld!.Message, Does.Contain("revoked"), "a rotated token is refused with its reason");
            Assert.That(withGarbage, Is.Null);
            Assert.That(withNew, Is.Not.Null);
            Assert.That(nodes.Items.Select(n => n.Hostname), Is.EqualTo(new[] { "new" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ValidateNodeCredential_OwnCredentialOnly_IdentifiesTheNode(CancellationToken cancellationToken)
    {
        var created = await _harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var a = (await _harness.Store.RegisterNodeAsync(created.JoinToken, Details("a"), cancellationToken))!;
        var b = (await _harness.Store.RegisterNodeAsync(created.JoinToken, Details("b"), cancellationToken))!;

        var own = await _harness.Store.ValidateNodeCredentialAsync(a.NodeId, a.Credential, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(own, Is.EqualTo(new NodeIdentity(a.NodeId, "prod")));
            Assert.That(await _harness.Store.ValidateNodeCredentialAsync(a.NodeId, b.Credential, cancellationToken), Is.Null);
            Assert.That(await _harness.Store.ValidateNodeCredentialAsync(NodeId.Parse("ffffffffffffffff"), a.Credential, cancellationToken), Is.Null);
        });
    }

    private static NodeDetails Details(string hostname) =>
        new(hostname, new Dictionary<string, string> { ["zone"] = "eu" }, new Proto.V1.Resources { MemoryMb = 1024, CpuShares = 1024 }, "24.0", "1.0", "127.0.0.1:9");

    private static byte[] ReadAll(string databasePath)
    {
        using var buffer = new MemoryStream();
        foreach (var path in new[] { databasePath, databasePath + "-wal" }.Where(File.Exists))
        {
            var bytes = File.ReadAllBytes(path);
            buffer.Write(bytes);
        }
        return buffer.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
