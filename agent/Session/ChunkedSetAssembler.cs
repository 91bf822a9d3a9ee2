using Codemason.Proto.V1;

namespace Codemason.Agent.Session;

/// <summary>
/// Gathers the chunks of an assignment set (<c>more_chunks</c>, <c>chunk_index</c>; docs/protocol.md) into the one set
/// they make. One per session: chunks of a session that ends before the last one are dropped with it, so a
/// partial set is never applied.
/// </summary>
internal sealed class ChunkedSetAssembler
{
    private AssignmentSet? _pending;
    private uint _nextIndex;

    /// <summary>
    /// Takes one set from the stream: returns the set to apply (a set sent whole, or the assembled set when its last chunk
    /// arrived), or null while chunks are missing. <paramref name="problem"/> is set when the chunks did not
    /// follow on (a gap, another revision): what was gathered is dropped and the agent should ask for a resync.
    /// </summary>
    public AssignmentSet? Add(AssignmentSet set, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(set);
        problem = null;
        if (set.ChunkIndex == 0)
        {
            if (_pending is not null)
            {
                problem = $"a new set (revision {set.Revision}) arrived before the last chunk of the set at revision {_pending.Revision}";
                Reset();
                return null;
            }
            if (!set.MoreChunks)
            {
                return set;
            }
            _pending = set.Clone();
            _pending.MoreChunks = false;
            _nextIndex = 1;
            return null;
        }
        if (_pending is null || set.Revision != _pending.Revision || set.Kind != _pending.Kind || set.ChunkIndex != _nextIndex)
        {
            problem = _pending is null
                ? $"chunk {set.ChunkIndex} of the set at revision {set.Revision} arrived without its first chunk"
                : $"chunk {set.ChunkIndex} at revision {set.Revision} does not follow chunk {_nextIndex - 1} at revision {_pending.Revision}";
            Reset();
            return null;
        }
        _pending.Upserts.AddRange(set.Upserts);
        _pending.RemovedReplicaIds.AddRange(set.RemovedReplicaIds);
        _pending.DeletedApps.AddRange(set.DeletedApps);
        _nextIndex++;
        if (set.MoreChunks)
        {
            return null;
        }
        var whole = _pending;
        whole.ChunkIndex = 0;
        Reset();
        return whole;
    }

    private void Reset()
    {
        _pending = null;
        _nextIndex = 0;
    }
}
