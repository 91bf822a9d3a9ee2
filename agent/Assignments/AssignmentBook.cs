using System.Collections.Immutable;
using Codemason.Proto.V1;

namespace Codemason.Agent.Assignments;

/// <summary>
/// The replicas this node must run, at a store revision. Immutable: applying a set returns a new book.
/// COMPLETE sets replace it; INCREMENTAL sets apply only on top of exactly their prev_revision.
/// Where sets enter the agent (from the controller, the assignments file or the saved state), so ids and
/// hashes are parsed here: an upsert whose replica id or spec hash is malformed is left out and reported.
/// </summary>
public sealed record AssignmentBook(
    long Revision,
    ImmutableSortedDictionary<ReplicaId, ReplicaAssignment> Replicas,
    ImmutableHashSet<AppKey> DeletedApps)
{
    public static readonly AssignmentBook Empty = new(0, ImmutableSortedDictionary<ReplicaId, ReplicaAssignment>.Empty, []);

    /// <summary>The environment's host policy (docs/security.md), checked before a container is created. Default: the default policy.</summary>
    public HostPolicy Policy { get; init; } = new();

    /// <summary>Applies a set; a gap leaves the book as it is and says why.</summary>
    public AssignmentOutcome Apply(AssignmentSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var malformed = new List<string>();
        switch (set.Kind)
        {
            case AssignmentSet.Types.Kind.Complete:
                var all = ImmutableSortedDictionary.CreateBuilder<ReplicaId, ReplicaAssignment>();
                foreach (var (id, upsert) in Upserts(set, malformed))
                {
                    all[id] = upsert;
                }
                var next = new AssignmentBook((long)set.Revision, all.ToImmutable(), [.. DeletedAppKeys(set, malformed)]) { Policy = set.Policy ?? new HostPolicy() };
                return new AssignmentOutcome(next, Changed(this, next), null, malformed);

            case AssignmentSet.Types.Kind.Incremental when (long)set.PrevRevision != Revision:
                return new AssignmentOutcome(this, [], $"gap: have revision {Revision}, set expects {set.PrevRevision}", []);

            case AssignmentSet.Types.Kind.Incremental:
                var builder = Replicas.ToBuilder();
                foreach (var removed in set.RemovedReplicaIds)
                {
                    if (ReplicaId.TryParse(removed, out var id))
                    {
                        builder.Remove(id);
                    }
                    else
                    {
                        malformed.Add($"removed replica id \"{removed}\" is malformed: expected {ReplicaId.Form}");
                    }
                }
                foreach (var (id, upsert) in Upserts(set, malformed))
                {
                    builder[id] = upsert;
                }
                var book = new AssignmentBook((long)set.Revision, builder.ToImmutable(), DeletedApps.Union(DeletedAppKeys(set, malformed))) { Policy = set.Policy ?? Policy };
                return new AssignmentOutcome(book, Changed(this, book), null, malformed);

            default:
                return new AssignmentOutcome(this, [], $"unknown assignment kind {set.Kind}", []);
        }
    }

    /// <summary>
    /// Replica ids whose assignment differs between two books (added, removed or changed); every replica when the host
    /// policy changed (a replica it refused may run now).
    /// </summary>
    public static IReadOnlyList<ReplicaId> Changed(AssignmentBook before, AssignmentBook after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!before.Policy.Equals(after.Policy))
        {
            return [.. after.Replicas.Keys.Union(before.Replicas.Keys)];
        }
        var changed = new List<ReplicaId>();
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
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = (ulong)Revision, Policy = Policy };
        set.Upserts.AddRange(Replicas.Values);
        set.DeletedApps.AddRange(DeletedApps
            .OrderBy(a => a.Environment, StringComparer.Ordinal)
            .ThenBy(a => a.App, StringComparer.Ordinal)
            .Select(a => new AppRef { Environment = a.Environment, App = a.App }));
        return set;
    }

    private static IEnumerable<(ReplicaId Id, ReplicaAssignment Upsert)> Upserts(AssignmentSet set, List<string> malformed)
    {
        foreach (var upsert in set.Upserts)
        {
            if (!ReplicaId.TryParse(upsert.ReplicaId, out var id))
            {
                malformed.Add($"replica id \"{upsert.ReplicaId}\" is malformed: expected {ReplicaId.Form}");
            }
            else if (!SpecHash.TryParse(upsert.SpecHash, out _))
            {
                malformed.Add($"replica {id}: spec hash \"{upsert.SpecHash}\" is malformed: expected {SpecHash.Form}");
            }
            else
            {
                yield return (id, upsert);
            }
        }
    }

    private static IEnumerable<AppKey> DeletedAppKeys(AssignmentSet set, List<string> malformed)
    {
        foreach (var app in set.DeletedApps)
        {
            if (AppKey.TryCreate(app.Environment, app.App, out var key))
            {
                yield return key;
            }
            else
            {
                malformed.Add($"deleted app \"{app.Environment}/{app.App}\" is malformed: expected {AppKey.Form}");
            }
        }
    }
}

/// <summary>Result of <see cref="AssignmentBook.Apply"/>.</summary>
/// <param name="Book">The book after the set (unchanged when rejected).</param>
/// <param name="ChangedReplicaIds">Replicas to reconcile because of the set.</param>
/// <param name="Rejection">Why the set was not applied (a revision gap): ask for a COMPLETE set.</param>
/// <param name="Malformed">What of an applied set was left out, and why (a malformed replica id or spec hash).</param>
public sealed record AssignmentOutcome(AssignmentBook Book, IReadOnlyList<ReplicaId> ChangedReplicaIds, string? Rejection, IReadOnlyList<string> Malformed)
{
    public bool Applied => Rejection is null;
}
