using Codemason.Agent.Assignments;
using Codemason.Agent.State;
using Codemason.Proto.V1;
using Codemason.Testing;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Codemason.Agent.Tests.State;

[CancelAfter(10000)]
public sealed class AgentStateStoreTests
{
    private static readonly NodeIdentity Identity = new(NodeId.Parse("3f9c0a1e5b7d2c84"), "cmn_3f9c0a1e5b7d2c84_secret", "prod");

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("agent-state-").FullName;

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_directory))
        {
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task SaveOwner_ReopenedFile_SameNodeIdAndIdentityUntouched(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, "agent.db");
        using (var store = await AgentStateStore.OpenAsync(path, cancellationToken))
        {
            Assert.That(await store.LoadOwnerAsync(cancellationToken), Is.Null, "a new file has chosen none");
            await store.SaveIdentityAsync(Identity, cancellationToken);
            await store.SaveOwnerAsync("0123456789abcdef", cancellationToken);
        }
        using var reopened = await AgentStateStore.OpenAsync(path, cancellationToken);

        Assert.That(await reopened.LoadOwnerAsync(cancellationToken), Is.EqualTo("0123456789abcdef"));
        Assert.That(await reopened.LoadIdentityAsync(cancellationToken), Is.EqualTo(Identity), "the node id of objects is kept apart from the identity");
    }

    [Test]
    public async Task SaveAssignments_ReopenedFile_ReturnsSameBook(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, "agent.db");
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = 42 };
        set.Upserts.Add(new ReplicaAssignment { ReplicaId = "prod/shop/web#1", SpecHash = TestIds.Hash("abc").Value, Spec = new ContainerSpec { Image = "local/busybox:1" } });
        var book = AssignmentBook.Empty.Apply(set).Book;

        using (var store = await AgentStateStore.OpenAsync(path, cancellationToken))
        {
            await store.SaveAssignmentsAsync(book, cancellationToken);
            await store.SaveIdentityAsync(Identity, cancellationToken);
        }
        using var reopened = await AgentStateStore.OpenAsync(path, cancellationToken);
        var loaded = await reopened.LoadAssignmentsAsync(cancellationToken);
        var identity = await reopened.LoadIdentityAsync(cancellationToken);

        Assert.That(loaded.Revision, Is.EqualTo(42));
        Assert.That(loaded.Replicas[ReplicaId.Parse("prod/shop/web#1")].SpecHash, Is.EqualTo(TestIds.Hash("abc").Value));
        Assert.That(identity, Is.EqualTo(Identity));
    }

    [Test]
    public async Task Open_FileOfAnOlderAgent_KeepsIdentityAndAssignmentsAndMigratesItsHashes(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, "agent.db");
        var fromFile = new ContainerSpec { Image = "local/busybox:1" };
        fromFile.Command.Add(["httpd", "-f"]);
        fromFile.Labels["b"] = "2";
        fromFile.Labels["a"] = "1";
        var fromController = new ContainerSpec { Image = "local/busybox:2" };
        var controllerHash = TestIds.Hash("mortar's hash of the model").Value;
        var saved = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = 7 };
        saved.Upserts.Add(new ReplicaAssignment { ReplicaId = "dev/shop/web#1", SpecHash = TestIds.OlderAgentSpecHash(fromFile), Spec = fromFile });
        saved.Upserts.Add(new ReplicaAssignment { ReplicaId = "dev/shop/db#1", SpecHash = controllerHash, Spec = fromController });
        await WriteVersion1FileAsync(path, $"{Identity.NodeId}\n{Identity.Credential}\n{Identity.Environment}", saved, cancellationToken);

        using var store = await AgentStateStore.OpenAsync(path, cancellationToken);
        var identity = await store.LoadIdentityAsync(cancellationToken);
        var book = await store.LoadAssignmentsAsync(cancellationToken);

        var web = book.Replicas[ReplicaId.Parse("dev/shop/web#1")];
        var version = await SchemaVersionAsync(path, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(identity, Is.EqualTo(Identity));
            Assert.That(book.Revision, Is.EqualTo(7));
            Assert.That(book.Replicas, Has.Count.EqualTo(2));
            Assert.That(web.SpecHash, Is.EqualTo(SpecHash.Of(fromFile).Value));
            Assert.That(SpecHash.Parse(web.SpecHash).Matches(TestIds.OlderAgentSpecHash(fromFile)), Is.True, "its running container still matches");
            Assert.That(book.Replicas[ReplicaId.Parse("dev/shop/db#1")].SpecHash, Is.EqualTo(controllerHash));
            Assert.That(version, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Open_FileOfAnOlderAgentTwice_MigratesOnce(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, "agent.db");
        var saved = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = 3 };
        var spec = new ContainerSpec { Image = "local/busybox:1" };
        saved.Upserts.Add(new ReplicaAssignment { ReplicaId = "dev/shop/web#1", SpecHash = TestIds.OlderAgentSpecHash(spec), Spec = spec });
        await WriteVersion1FileAsync(path, $"{Identity.NodeId}\n{Identity.Credential}\n{Identity.Environment}", saved, cancellationToken);

        using (await AgentStateStore.OpenAsync(path, cancellationToken))
        {
        }
        using var again = await AgentStateStore.OpenAsync(path, cancellationToken);

        Assert.That((await again.LoadAssignmentsAsync(cancellationToken)).Replicas.Values.Single().SpecHash, Is.EqualTo(SpecHash.Of(spec).Value));
        Assert.That(await again.LoadIdentityAsync(cancellationToken), Is.EqualTo(Identity));
    }

    [Test]
    public async Task LoadAssignments_NewFile_IsEmpty(CancellationToken cancellationToken)
    {
        using var store = await AgentStateStore.OpenAsync(Path.Combine(_directory, "agent.db"), cancellationToken);

        Assert.That((await store.LoadAssignmentsAsync(cancellationToken)).Replicas, Is.Empty);
        Assert.That(await store.LoadIdentityAsync(cancellationToken), Is.Null);
    }

    [Test]
    public void Open_UnwritableDirectory_ThrowsClearError(CancellationToken cancellationToken)
    {
        if (System.Environment.UserName == "root")
        {
            // root ignores directory permissions; use a path under a regular file instead.
            var file = Path.Combine(_directory, "not-a-directory");
            File.WriteAllText(file, "");
            var ex = Assert.ThrowsAsync<AgentStateException>(() => AgentStateStore.OpenAsync(Path.Combine(file, "agent.db"), cancellationToken));
            Assert.That(ex!.Message, Does.StartWith("cannot open the agent state file"));
            return;
        }
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var error = Assert.ThrowsAsync<AgentStateException>(() => AgentStateStore.OpenAsync(Path.Combine(_directory, "agent.db"), cancellationToken));
        Assert.That(error!.Message, Does.StartWith("cannot open the agent state file"));
    }

    /// <summary>A state file as agents before identities wrote it: schema version 1, identity as three lines, the book as protobuf.</summary>
    private static async Task WriteVersion1FileAsync(string path, string identity, AssignmentSet book, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE state (key TEXT PRIMARY KEY, value BLOB NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version (version) VALUES (1);
            INSERT INTO state (key, value, updated_at) VALUES ('identity', $identity, '2026-11-01T00:00:00.0000000+00:00');
            INSERT INTO state (key, value, updated_at) VALUES ('assignments', $book, '2026-11-01T00:00:00.0000000+00:00');
            """;
        command.Parameters.AddWithValue("$identity", System.Text.Encoding.UTF8.GetBytes(identity));
        command.Parameters.AddWithValue("$book", book.ToByteArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> SchemaVersionAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
    [Test]
    public async Task Open_NewFileInNewDirectory_FileOwnerOnlyAndDirectoryOwnerOnly(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_directory, "state");
        var path = Path.Combine(directory, "agent.db");

        using (var store = await AgentStateStore.OpenAsync(path, cancellationToken))
        {
            await store.SaveIdentityAsync(Identity, cancellationToken);
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            foreach (var sidecar in Directory.GetFiles(directory).Where(f => f != path))
            {
                Assert.That(File.GetUnixFileMode(sidecar) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite), Is.EqualTo(UnixFileMode.None), sidecar);
            }
        });
    }

    [Test]
    public async Task Open_ExistingWorldReadableFile_TightenedWithItsOwnDirectoryButNotASharedOne(CancellationToken cancellationToken)
    {
        var own = Path.Combine(_directory, "own");
        var shared = Path.Combine(_directory, "shared");
        const UnixFileMode Loose = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode LooseDirectory = Loose | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (var directory in new[] { own, shared })
        {
            Directory.CreateDirectory(directory);
            using (var store = await AgentStateStore.OpenAsync(Path.Combine(directory, "agent.db"), cancellationToken))
            {
                await store.SaveIdentityAsync(Identity, cancellationToken);
            }
            File.SetUnixFileMode(Path.Combine(directory, "agent.db"), Loose);
            File.SetUnixFileMode(directory, LooseDirectory);
        }
        await File.WriteAllTextAsync(Path.Combine(shared, "other.txt"), "not the agent's", cancellationToken);

        foreach (var directory in new[] { own, shared })
        {
            using var reopened = await AgentStateStore.OpenAsync(Path.Combine(directory, "agent.db"), cancellationToken);
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(own, "agent.db")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(own), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(Path.Combine(shared, "agent.db")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(shared), Is.EqualTo(LooseDirectory), "a directory holding other files is left alone");
        });
    }
}
