using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

/// <summary>One SQLite connection inside one transaction, with small helpers for parameterised statements.</summary>
internal class StoreSession(SqliteConnection connection, SqliteTransaction transaction)
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long ScalarLong(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Convert.ToInt64(Scalar(sql, parameters) ?? 0L, CultureInfo.InvariantCulture);

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public T? QuerySingle<T>(string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
        where T : class
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    public long ReadMeta(string key) => ScalarLong("SELECT value FROM store_meta WHERE key = $key", ("$key", key));
}
