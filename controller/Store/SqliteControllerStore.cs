using Codemason.Controller.Edge;
using Codemason.Controller.Errors;
using Codemason.Controller.Networking;
using Codemason.Proto.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Store;

/// <summary>
/// <see cref="IControllerStore"/> on one SQLite file in WAL mode. One writer connection, serialised by an async
/// lock, runs every write as <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>; readers use pooled connections and read a
/// consistent snapshot inside a deferred transaction, so a list and its store revision always agree.
/// Changes are published to <see cref="IChangeFeed"/> subscribers after the commit, under the write lock, so
/// they arrive in revision order.
/// </summary>
public sealed partial class SqliteControllerStore : IControllerStore, IChangeFeed, IDisposable
{
    private readonly StoreOptions _options;
    private readonly NetworkOptions _network;
    private readonly TimeSpan _drain;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteControllerStore> _logger;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _subscribersGate = new();
    private readonly IReadOnlyList<Migration> _migrations;
    private List<ChangeSubscription> _subscribers = [];
    private SqliteConnection? _writer;
    private StatementCache? _statements;
    private long _revision;

    /// <param name="options">Where the database is and how long it keeps what.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Its log.</param>
    /// <param name="network">The overlay address pool (default <see cref="NetworkOptions"/>' defaults).</param>
    /// <param name="edge">The edges' drain period, which assignments of routed replicas carry (default <see cref="EdgeOptions"/>' defaults).</param>
    public SqliteControllerStore(
        IOptions<StoreOptions> options, TimeProvider time, ILogger<SqliteControllerStore> logger, IOptions<NetworkOptions>? network = null, IOptions<EdgeOptions>? edge = null)
        : this(options, time, logger, ControllerSchema.Migrations, network, edge)
    {
    }

    internal SqliteControllerStore(
        IOptions<StoreOptions> options, TimeProvider time, ILogger<SqliteControllerStore> logger, IReadOnlyList<Migration> migrations,
        IOptions<NetworkOptions>? network = null, IOptions<EdgeOptions>? edge = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _network = network?.Value ?? new NetworkOptions();
        _drain = (edge?.Value ?? new EdgeOptions()).DrainPeriod;
        _time = time;
        _logger = logger;
        _migrations = migrations;
        DatabasePath = _options.Path ?? throw new ArgumentException("Store:Path is not set.", nameof(options));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public long CurrentRevision => Interlocked.Read(ref _revision);

    /// <inheritdoc />
    public async Task<StoreInitialization> InitializeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_writer is not null)
            {
                throw new InvalidOperationException("The store is initialised already.");
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(DatabasePath));
            if (directory is not null && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            if (!File.Exists(DatabasePath))
            {
                // The database holds secret values of apps; SQLite gives the -wal and -shm files the same mode.
                File.Create(DatabasePath, 0, FileOptions.None).Dispose();
                File.SetUnixFileMode(DatabasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var writer = new SqliteConnection(_connectionString);
            writer.Open();
            try
            {
                Pragma(writer, "journal_mode = WAL");
                Pragma(writer, _options.Synchronous == StoreSynchronousMode.Full ? "synchronous = FULL" : "synchronous = NORMAL");
                // The writer's page cache (default 2 MB) holds the pages one large write touches: a plan of 20,000
                // replicas updates index pages all over the file, and with the default most of them were read back
                // from the OS (a fifth of the apply's CPU in pread). 64 MB at most, on the one writer connection.
                Pragma(writer, "cache_size = -65536");
                var applied = SqliteMigrator.Migrate(writer, _migrations, DatabasePath);
                var version = SqliteMigrator.GetVersion(writer);
                _writer = writer;
                _statements = new StatementCache(writer);
                using (var command = writer.CreateCommand())
                {
                    command.CommandText = "SELECT value FROM store_meta WHERE key = 'revision'";
                    _revision = (long)(command.ExecuteScalar() ?? 0L);
                }
                Log.Opened(_logger, DatabasePath, version, _revision, applied.Count);
                var bootstrap = CreateBootstrapTokenIfNone();
                return new StoreInitialization(version, applied, bootstrap);
            }
            catch (Exception e) when (e is StoreSchemaException or SqliteException)
            {
                _statements?.Dispose();
                _statements = null;
                _writer = null;
                writer.Dispose();
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; commits, bumps the revision when it changed something, publishes its changes.</summary>
    private async Task<T> WriteAsync<T>(Func<StoreWriteContext, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ?? throw new InvalidOperationException("The store is not initialised; call InitializeAsync first.");
            using var transaction = writer.BeginTransaction();
            var context = new StoreWriteContext(writer, transaction, _revision + 1, _time.GetUtcNow(), _statements);
            var result = work(context);
            EmitRunningCounts(context);
            if (context.RevisionUsed)
            {
                context.Execute("UPDATE store_meta SET value = $revision WHERE key = 'revision'", ("$revision", context.Revision));
            }
            transaction.Commit();
            if (context.RevisionUsed)
            {
                Interlocked.Exchange(ref _revision, context.Revision);
                Publish(context.Changes);
            }
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// An app's <c>running</c> counts are derived from its replicas' states, so a status report or a move that
    /// changes them also changes the app: emit its new value (once per app and transaction), so watches follow.
    /// </summary>
    private static void EmitRunningCounts(StoreWriteContext context)
    {
        foreach (var key in context.AppsWithStaleRunningCounts.ToList())
        {
            context.Execute(
                "UPDATE apps SET revision = $revision WHERE environment = $environment AND name = $name AND deleted_at IS NULL",
                ("$revision", context.Revision), ("$environment", key.Environment), ("$name", key.App));
            if (StoreQueries.LoadApp(context, key) is { } app)
            {
                context.AddChange(ResourceKind.App, ChangeType.Modified, key.Environment, key.App, key.App, app);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection inside a deferred (snapshot) transaction.</summary>
    private T Read<T>(Func<StoreSession, T> work)
    {
        if (_writer is null)
        {
            throw new InvalidOperationException("The store is not initialised; call InitializeAsync first.");
        }
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction(deferred: true);
        }
        catch (SqliteException e)
        {
            // A pooled connection that cannot begin (seen once: "cannot start a transaction within a transaction")
            // would fail every read it is handed to: the pool is cleared, so it is closed, and one fresh connection read
            // with instead.
            Log.PooledConnectionDropped(_logger, e.Message);
            SqliteConnection.ClearPool(connection);
            using var fresh = new SqliteConnection(_connectionString);
            fresh.Open();
            using var retried = fresh.BeginTransaction(deferred: true);
            return work(new StoreSession(fresh, retried));
        }
        using (transaction)
        {
            return work(new StoreSession(connection, transaction));
        }
    }

    private Task<T> ReadAsync<T>(Func<StoreSession, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(work));
    }

    private static NotFoundException EnvironmentNotFound(string name) => new($"environment \"{name}\" does not exist");

    private static NotFoundException AppNotFound(AppKey app) => new($"app \"{app.App}\" does not exist in environment \"{app.Environment}\"");

    private static NotFoundException NodeNotFound(NodeId node) => new($"node {node} does not exist");

    private static void RequireEnvironment(StoreSession session, string name)
    {
        if (session.Scalar("SELECT 1 FROM environments WHERE name = $name", ("$name", name)) is null)
        {
            throw EnvironmentNotFound(name);
        }
    }

    public void Dispose()
    {
        lock (_subscribersGate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Complete(null);
            }
            _subscribers = [];
        }
        // A write still running on another thread (a session's status batch while the host stops) finishes first:
        // closing the connection under its transaction fails inside SQLite's rollback. Later writes find no writer
        // and fail as "not initialised". The semaphore is not disposed, so they do not fail on it instead.
        var held = _writeLock.Wait(DisposeWriteWait);
        try
        {
            _statements?.Dispose();
            _statements = null;
            _writer?.Dispose();
            _writer = null;
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
        finally
        {
            if (held)
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>How long <see cref="Dispose"/> waits for a running write to finish.</summary>
    private static readonly TimeSpan DisposeWriteWait = TimeSpan.FromSeconds(10);
}
