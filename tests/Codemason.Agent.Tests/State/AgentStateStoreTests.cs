using Codemason.Agent.Assignments;
using Codemason.Agent.State;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.State;

[CancelAfter(10000)]
public sealed class AgentStateStoreTests
{
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
    public async Task SaveAssignments_ReopenedFile_ReturnsSameBook(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, "agent.db");
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = 42 };
        set.Upserts.Add(new ReplicaAssignment { ReplicaId = "prod/shop/web#1", SpecHash = "abc", Spec = new ContainerSpec { Image = "local/busybox:1" } });
        var book = AssignmentBook.Empty.Apply(set).Book;

        using (var store = await AgentStateStore.OpenAsync(path, cancellationToken))
        {
            await store.SaveAssignmentsAsync(book, cancellationToken);
            await store.SaveIdentityAsync(new NodeIdentity("node-1", "secret", "prod"), cancellationToken);
        }
        using var reopened = await AgentStateStore.OpenAsync(path, cancellationToken);
        var loaded = await reopened.LoadAssignmentsAsync(cancellationToken);
        var identity = await reopened.LoadIdentityAsync(cancellationToken);

        Assert.That(loaded.Revision, Is.EqualTo(42));
        Assert.That(loaded.Replicas["prod/shop/web#1"].SpecHash, Is.EqualTo("abc"));
        Assert.That(identity, Is.EqualTo(new NodeIdentity("node-1", "secret", "prod")));
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
}
