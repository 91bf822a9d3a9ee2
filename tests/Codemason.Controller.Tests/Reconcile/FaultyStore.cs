using System.Reflection;
using Codemason.Controller.Store;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Tests.Reconcile;

/// <summary>
/// The real store behind a switch: while <see cref="Locked"/> is set, every write fails the way SQLite fails when
/// another process holds the database's write lock (SQLITE_BUSY), and reads pass. A fault injection, not a fake:
/// every call that is let through reaches the real SQLite store.
/// </summary>
public class FaultyStore : DispatchProxy
{
    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal)
    {
        nameof(IControllerStore.SetPlacementsAsync), nameof(IControllerStore.RepairReplicasAsync), nameof(IControllerStore.SetNodeStatusAsync),
        nameof(IControllerStore.CommitRevisionAsync), nameof(IControllerStore.AppendEventsAsync),
    };

    private IControllerStore _inner = null!;

    /// <summary>While set, writes fail with "database is locked".</summary>
    public bool Locked { get; set; }

    /// <summary>Writes refused so far.</summary>
    public int Refused { get; private set; }

    /// <summary>Wraps <paramref name="inner"/>; returns the wrapper as the store and as the switch.</summary>
    public static (IControllerStore Store, FaultyStore Switch) Around(IControllerStore inner)
    {
        var store = Create<IControllerStore, FaultyStore>();
        var faulty = (FaultyStore)(object)store;
        faulty._inner = inner;
        return (store, faulty);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Locked && Writes.Contains(targetMethod.Name))
        {
            Refused++;
            throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
