using System.Collections.Immutable;
using Codemason.Proto.V1;

namespace Codemason.Agent.Assignments;

/// <summary>
/// The replicas this node must run, at a store revision. Immutable: applying a set returns a new book.
/// COMPLETE sets replace it; INCREMENTAL sets apply only on top of exactly their prev_revision.
/// </summary>
public sealed record AssignmentBook(
    long Revision,
    ImmutableSortedDictionary<string, ReplicaAssignment> Replicas,
    ImmutableHashSet<AppRef> DeletedApps)
{
    public static readonly AssignmentBook Empty = new(
        0, ImmutableSortedDictionary.Create<string, ReplicaAssignment>(StringComparer.Ordinal), []);

    /// <summary>Applies a set; a gap or a malformed set leaves the book as it is and says why.</summary>
    public AssignmentOutcome Apply(AssignmentSet set)
    {
        switch (set.Kind)
        {
            case AssignmentSet.Types.Kind.Complete:
                var all = set.Upserts.ToImmutableSortedDictionary(a => a.ReplicaId, a => a, StringComparer.Ordinal);
                var next = new AssignmentBook((long)set.Revision, all, [.. set.DeletedApps]);
                return new AssignmentOutcome(next, Changed(this, next), null);

            case AssignmentSet.Types.Kind.Incremental when (long)set.PrevRevision != Revision:
                return new AssignmentOutcome(this, [], $"gap: have revision {Revision}, set expects {set.PrevRevision}");

            case AssignmentSet.Types.Kind.Incremental:
                var builder = Replicas.ToBuilder();
                foreach (var removed in set.RemovedReplicaIds)
                {
                    builder.Remove(removed);
                }
                foreach (var upsert in set.Upserts)
                {
                    builder[upsert.ReplicaId] = upsert;
                }
                var book = new AssignmentBook((long)set.Revision, builder.ToImmutable(), DeletedApps.Union(set.DeletedApps));
                return new AssignmentOutcome(book, Changed(this, book), null);

            default:
                return new AssignmentOutcome(this, [], $"unknown assignment kind {set.Kind}");
        }
    }

    /// <summary>Replica ids whose assignment differs between two books (added, removed or changed).</summary>
    public static IReadOnlyList<string> Changed(AssignmentBook before, AssignmentBook after)
    {
        var changed = new List<string>();
        foreach (var (id, assignment) in after.Replicas)
        {
            if (!before.Replicas.TryGetValue(id, out var old) || !old.Equals(assignment))
            {
                changed.Add(id);
            }
        }
        changed.AddRange(before.Replicas.Keys.Where(id => !after.Replicas.ContainsKey(id)));
        return changed;
    }

    /// <summary>A COMPLETE set equal to this book, for persisting and for the --assignments file format.</summary>
    public AssignmentSet ToCompleteSet()
    {
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = (ulong)Revision };
        set.Upserts.AddRange(Replicas.Values);
        set.DeletedApps.AddRange(DeletedApps.OrderBy(a => a.Environment, StringComparer.Ordinal).ThenBy(a => a.App, StringComparer.Ordinal));
        return set;
    }
}

/// <summary>Result of <see cref="AssignmentBook.Apply"/>.</summary>
/// <param name="Book">The book after the set (unchanged when rejected).</param>
/// <param name="ChangedReplicaIds">Replicas to reconcile because of the set.</param>
/// <param name="Rejection">Why the set was not applied (a revision gap): ask for a COMPLETE set.</param>
public sealed record AssignmentOutcome(AssignmentBook Book, IReadOnlyList<string> ChangedReplicaIds, string? Rejection)
{
    public bool Applied => Rejection is null;
}
