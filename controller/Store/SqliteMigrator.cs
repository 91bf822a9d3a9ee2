using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

/// <summary>Brings a database to the latest schema: each pending migration in its own transaction, with <c>user_version</c> set in the same transaction.</summary>
public static class SqliteMigrator
{
    /// <summary>The schema version of the database (0 = empty).</summary>
    public static int GetVersion(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies the migrations newer than the database's version and returns their names. A database newer than
    /// the last migration throws <see cref="StoreSchemaException"/> without touching it.
    /// </summary>
    public static IReadOnlyList<string> Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, string source)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(migrations);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = GetVersion(connection);
        if (current > latest)
        {
            throw new StoreSchemaException(
                $"{source} has schema version {current}, newer than this controller knows (up to {latest}). " +
                "It was written by a newer controller: run that version, or restore a backup made for this one.");
        }
        var applied = new List<string>();
        foreach (var migration in migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            using var transaction = connection.BeginTransaction();
            try
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = migration.Sql + string.Create(CultureInfo.InvariantCulture, $";\nPRAGMA user_version = {migration.Version};");
                command.ExecuteNonQuery();
                transaction.Commit();
            }
            catch (SqliteException e)
            {
                throw new StoreSchemaException($"{source}: migration {migration.Version} ({migration.Name}) failed: {e.Message}", e);
            }
            applied.Add($"{migration.Version}-{migration.Name}");
        }
        return applied;
    }
}
