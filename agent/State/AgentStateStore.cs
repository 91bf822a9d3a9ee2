using Codemason.Agent.Assignments;
using Codemason.Proto.V1;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Codemason.Agent.State;

/// <summary>
/// The agent's local state in one SQLite file (default <c>/var/lib/codemason/agent.db</c>): the node
/// identity, the node id its engine objects carry (<see cref="LoadOwnerAsync"/>) and the last assignment book, so the agent keeps running what it was told while the
/// controller is away, across restarts. Every write is one transaction: a crash leaves the old
/// value or the new one, never half of each. A file of an older schema is migrated when opened
/// (version 2: spec hashes in the <see cref="SpecHash"/> form; see <see cref="MigrateAsync"/>).
/// </summary>
public sealed class AgentStateStore : IDisposable
{
    private const string IdentityKey = "identity";
    private const string AssignmentsKey = "assignments";
    private const string OwnerKey = "owner";
    private const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private AgentStateStore(SqliteConnection connection) => _connection = connection;

    /// <summary>The state file's mode: it holds the node credential, so the owner only (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The mode of a state directory the agent makes (0700).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly string[] SqliteSuffixes = ["", "-wal", "-shm", "-journal"];

    /// <summary>
    /// Opens (creating when missing) the state file. Throws <see cref="AgentStateException"/> with a clear message. The
    /// file (and SQLite's -wal/-shm beside it, which take its mode) is made 0600 and a missing directory 0700; looser
    /// modes left by earlier agents are tightened (<see cref="Tighten"/>).
    /// </summary>
    public static async Task<AgentStateStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            Tighten(path);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL, updated_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                """, cancellationToken);
            var version = await ScalarAsync(connection, "SELECT MAX(version) FROM schema_version", cancellationToken);
            if (version is null or DBNull)
            {
                await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({SchemaVersion})", cancellationToken);
            }
            else if (Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture) > SchemaVersion)
            {
                connection.Dispose();
                throw new AgentStateException($"state file {path} has schema version {version}, newer than this agent knows ({SchemaVersion}); upgrade the agent");
            }
            else if (Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture) < SchemaVersion)
            {
                await MigrateAsync(connection, cancellationToken);
            }
            return new AgentStateStore(connection);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new AgentStateException($"cannot open the agent state file {path}: {ex.Message}", ex);
        }
    }

    public async Task<NodeIdentity?> LoadIdentityAsync(CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(IdentityKey, cancellationToken);
        if (bytes is null)
        {
            return null;
        }
        var parts = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        return parts.Length == 3 && NodeId.TryParse(parts[0], out var node) ? new NodeIdentity(node, parts[1], parts[2]) : null;
    }

    public Task SaveIdentityAsync(NodeIdentity identity, CancellationToken cancellationToken) =>
        WriteAsync(IdentityKey, System.Text.Encoding.UTF8.GetBytes($"{identity.NodeId}\n{identity.Credential}\n{identity.Environment}"), cancellationToken);

    /// <summary>
    /// The node id this agent's engine objects carry (<c>codemason.node-id</c>), or null before it was chosen. Kept apart from
    /// the identity: a node that joins again under a new id keeps owning the containers it runs.
    /// </summary>
    public async Task<string?> LoadOwnerAsync(CancellationToken cancellationToken) =>
        await ReadAsync(OwnerKey, cancellationToken) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Saves the node id this agent's engine objects carry.</summary>
    public Task SaveOwnerAsync(string nodeId, CancellationToken cancellationToken) =>
        WriteAsync(OwnerKey, System.Text.Encoding.UTF8.GetBytes(nodeId), cancellationToken);

    public async Task<AssignmentBook> LoadAssignmentsAsync(CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(AssignmentsKey, cancellationToken);
        if (bytes is null)
        {
            return AssignmentBook.Empty;
        }
        try
        {
            return AssignmentBook.Empty.Apply(AssignmentSet.Parser.ParseFrom(bytes)).Book;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new AgentStateException($"the saved assignments are unreadable ({ex.Message}); delete the state file to start empty", ex);
        }
    }

    public Task SaveAssignmentsAsync(AssignmentBook book, CancellationToken cancellationToken) =>
        WriteAsync(AssignmentsKey, book.ToCompleteSet().ToByteArray(), cancellationToken);

    public void Dispose()
    {
        _connection.Dispose();
        _writeLock.Dispose();
    }

    private async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    private async Task WriteAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO state (key, value, updated_at) VALUES ($key, $value, $at)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new AgentStateException($"cannot save the agent state ({ex.Message}); running containers are kept", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Version 1 → 2, in one transaction. Version 1 agents derived the spec hash of a hand-written assignment as 16 hex
    /// digits; such saved assignments get <see cref="SpecHash.Of"/> their spec, whose first 16 digits are the same, so the
    /// containers labelled with the old form still match (<see cref="SpecHash.Matches"/>) and none is replaced. Hashes the
    /// controller sent were already <c>sha256:…</c> and stay as they are. The identity's form did not change.
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT value FROM state WHERE key = $key";
            read.Parameters.AddWithValue("$key", AssignmentsKey);
            if (await read.ExecuteScalarAsync(cancellationToken) is byte[] bytes && TryParseSet(bytes) is { } set)
            {
                foreach (var upsert in set.Upserts.Where(u => !SpecHash.TryParse(u.SpecHash, out _)))
                {
                    upsert.SpecHash = SpecHash.Of(upsert.Spec ?? new ContainerSpec()).Value;
                }
                await using var write = connection.CreateCommand();
                write.Transaction = transaction;
                write.CommandText = "UPDATE state SET value = $value WHERE key = $key";
                write.Parameters.AddWithValue("$key", AssignmentsKey);
                write.Parameters.AddWithValue("$value", set.ToByteArray());
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await using (var version = connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = $"INSERT INTO schema_version (version) VALUES ({SchemaVersion})";
            await version.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The saved set, or null when it is unreadable (<see cref="LoadAssignmentsAsync"/> reports that).</summary>
    private static AssignmentSet? TryParseSet(byte[] bytes)
    {
        try
        {
            return AssignmentSet.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes the state file's directory (0700) when missing, creates the file 0600 before SQLite opens it, and takes
    /// group and other permissions off an existing file and its -wal/-shm/-journal. An existing directory loses them
    /// only when it holds nothing but this state file: a shared directory (say <c>--state /tmp/agent.db</c>) is left alone.
    /// </summary>
    public static void Tighten(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
            else if (Directory.EnumerateFileSystemEntries(directory).All(e => SqliteSuffixes.Any(s => e == full + s)))
            {
                RemoveGroupAndOther(directory);
            }
        }
        if (!File.Exists(full))
        {
            try
            {
                // SQLite takes an empty file as a new database and gives -wal/-shm the mode of the database file.
                using var created = new FileStream(full, new FileStreamOptions
                {
                    Mode = System.IO.FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = FileMode,
                });
            }
            catch (IOException) when (File.Exists(full))
            {
                // Made by someone else in between: tightened below.
            }
        }
        foreach (var suffix in SqliteSuffixes)
        {
            if (File.Exists(full + suffix))
            {
                RemoveGroupAndOther(full + suffix);
            }
        }
    }

    private static void RemoveGroupAndOther(string path)
    {
        var mode = File.GetUnixFileMode(path);
        var owner = mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (mode != owner)
        {
            File.SetUnixFileMode(path, owner);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
