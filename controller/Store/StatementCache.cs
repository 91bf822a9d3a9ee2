using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

/// <summary>
/// Prepared commands of the one writer connection, by SQL text. Microsoft.Data.Sqlite prepares a command's
/// statements once and keeps them while the command lives, but not across commands; the store's writes run the
/// same few statements thousands of times (an apply of 20,000 replicas), so the writer keeps its commands.
/// Only used under the write lock (one thread at a time). A command in use is taken out of the cache, so a
/// statement needed again while it is running (nested) gets a fresh command.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection) : IDisposable
{
    private const int MaxStatements = 256;
    private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);

    public SqliteCommand Rent(string sql)
    {
        if (_idle.Remove(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }
        command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Return(SqliteCommand command)
    {
        if (_idle.Count < MaxStatements && _idle.TryAdd(command.CommandText, command))
        {
            return;
        }
        command.Dispose();
    }

    public void Dispose()
    {
        foreach (var command in _idle.Values)
        {
            command.Dispose();
        }
        _idle.Clear();
    }
}
