using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

/// <summary>
/// One SQLite connection inside one transaction, with small helpers for parameterised statements. With a
/// <see cref="StatementCache"/> (the writer), the helpers reuse prepared commands instead of preparing each time.
/// </summary>
internal class StoreSession(SqliteConnection connection, SqliteTransaction transaction, StatementCache? statements = null)
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    /// <summary>A new command the caller disposes (not cached).</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        Bind(command, parameters);
        return command;
    }

    private static void Bind(SqliteCommand command, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private SqliteCommand Rent(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (statements is null)
        {
            return Command(sql, parameters);
        }
        var command = statements.Rent(sql);
        command.Transaction = Transaction;
        Bind(command, parameters);
        return command;
    }

    private void Return(SqliteCommand command)
    {
        if (statements is null)
        {
            command.Dispose();
        }
        else
        {
            statements.Return(command);
        }
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Rent(sql, parameters);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Return(command);
        }
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Rent(sql, parameters);
        try
        {
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
        finally
        {
            Return(command);
        }
    }

    public long ScalarLong(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Convert.ToInt64(Scalar(sql, parameters) ?? 0L, CultureInfo.InvariantCulture);

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Rent(sql, parameters);
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }
            return rows;
        }
        finally
        {
            Return(command);
        }
    }

    public T? QuerySingle<T>(string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
        where T : class
    {
        var command = Rent(sql, parameters);
        try
        {
            using var reader = command.ExecuteReader();
            return reader.Read() ? map(reader) : null;
        }
        finally
        {
            Return(command);
        }
    }

    public long ReadMeta(string key) => ScalarLong("SELECT value FROM store_meta WHERE key = $key", ("$key", key));
}
