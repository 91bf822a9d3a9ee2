using Codemason.Proto.V1;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// Cuts an assignment set into chunks of at most a given encoded size, so a node holding thousands of replicas with
/// large environments never needs a message past gRPC's 4 MiB limit (docs/protocol.md, "Assignments").
/// </summary>
public static class AssignmentChunks
{
    /// <summary>Room kept in every chunk for its envelope (kind, revision, flags, the message wrapper).</summary>
    private const int EnvelopeAllowance = 256;

    /// <summary>Size of an entry of a repeated field beside its content: a tag byte and a length prefix of up to 5 bytes.</summary>
    private const int EntryOverhead = 6;

    /// <summary>
    /// The chunks of <paramref name="set"/>, in order: the set itself when it fits in <paramref name="maxBytes"/>,
    /// else sets of the same kind and revision with <c>chunk_index</c> 0, 1, … and <c>more_chunks</c> on all but the
    /// last. The first carries <c>prev_revision</c>, <c>deleted_apps</c>, <c>traceparent</c> and <c>policy</c>; upserts, then removed
    /// replica ids, fill the chunks in order. A single replica larger than <paramref name="maxBytes"/> goes in a chunk
    /// of its own (and may then exceed it).
    /// </summary>
    public static IReadOnlyList<AssignmentSet> Split(AssignmentSet set, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, EnvelopeAllowance * 4);
        if (set.CalculateSize() + EnvelopeAllowance <= maxBytes)
        {
            return [set];
        }
        var chunks = new List<AssignmentSet>();
        var current = new AssignmentSet
        {
            Kind = set.Kind,
            Revision = set.Revision,
            PrevRevision = set.PrevRevision,
            Traceparent = set.Traceparent,
            Policy = set.Policy,
        };
        current.DeletedApps.AddRange(set.DeletedApps);
        var size = current.CalculateSize() + EnvelopeAllowance;

        void MakeRoom(int entry)
        {
            if (size + entry > maxBytes && (current.Upserts.Count > 0 || current.RemovedReplicaIds.Count > 0))
            {
                current.MoreChunks = true;
                chunks.Add(current);
                current = new AssignmentSet { Kind = set.Kind, Revision = set.Revision, ChunkIndex = (uint)chunks.Count };
                size = current.CalculateSize() + EnvelopeAllowance;
            }
            size += entry;
        }

        foreach (var upsert in set.Upserts)
        {
            MakeRoom(upsert.CalculateSize() + EntryOverhead);
            current.Upserts.Add(upsert);
        }
        foreach (var removed in set.RemovedReplicaIds)
        {
            MakeRoom(Google.Protobuf.CodedOutputStream.ComputeStringSize(removed) + EntryOverhead);
            current.RemovedReplicaIds.Add(removed);
        }
        chunks.Add(current);
        return chunks;
    }
}
