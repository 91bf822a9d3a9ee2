using Codemason.Agent.Session;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Session;

public sealed class ChunkedSetAssemblerTests
{
    [Test]
    public void Add_ThreeChunksInOrder_ReturnsTheWholeSetOnlyWithTheLast()
    {
        var assembler = new ChunkedSetAssembler();
        var chunks = Chunks(12, 3);

        var first = assembler.Add(chunks[0], out var problem1);
        var second = assembler.Add(chunks[1], out var problem2);
        var whole = assembler.Add(chunks[2], out var problem3);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null);
            Assert.That(second, Is.Null);
            Assert.That(new[] { problem1, problem2, problem3 }, Has.All.Null);
            Assert.That(whole!.Upserts.Select(u => u.ReplicaId), Is.EqualTo(new[] { "e/a/w#1", "e/a/w#2", "e/a/w#3" }));
            Assert.That(whole.DeletedApps.Select(a => a.App), Is.EqualTo(new[] { "gone" }));
            Assert.That(whole.MoreChunks, Is.False);
        });
    }

    [Test]
    public void Add_ChunksOfADroppedSessionThenANewSession_ReturnsOnlyTheNewSet()
    {
        var dropped = new ChunkedSetAssembler();
        dropped.Add(Chunks(12, 3)[0], out _);
        dropped.Add(Chunks(12, 3)[1], out _);
        var fresh = new ChunkedSetAssembler();

        var whole = fresh.Add(new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = 13 }, out var problem);

        Assert.That(whole!.Revision, Is.EqualTo(13));
        Assert.That(whole.Upserts, Is.Empty);
        Assert.That(problem, Is.Null);
    }

    [Test]
    public void Add_ChunkMissing_DropsTheSetAndReportsTheGap()
    {
        var assembler = new ChunkedSetAssembler();
        var chunks = Chunks(12, 3);
        assembler.Add(chunks[0], out _);

        var result = assembler.Add(chunks[2], out var problem);
        var late = assembler.Add(chunks[1], out var lateProblem);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.Null);
            Assert.That(problem, Does.Contain("does not follow"));
            Assert.That(late, Is.Null, "nothing of the broken set is applied");
            Assert.That(lateProblem, Does.Contain("without its first chunk"));
        });
    }

    private static List<AssignmentSet> Chunks(ulong revision, int count)
    {
        var chunks = new List<AssignmentSet>();
        for (var i = 0; i < count; i++)
        {
            var chunk = new AssignmentSet
            {
                Kind = AssignmentSet.Types.Kind.Complete, Revision = revision, ChunkIndex = (uint)i, MoreChunks = i < count - 1,
            };
            chunk.Upserts.Add(new ReplicaAssignment { ReplicaId = $"e/a/w#{i + 1}" });
            if (i == 0)
            {
                chunk.DeletedApps.Add(new AppRef { Environment = "e", App = "gone" });
            }
            chunks.Add(chunk);
        }
        return chunks;
    }
}
