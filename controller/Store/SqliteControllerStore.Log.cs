
namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <summary>Store log messages: event ids 1000–1099.</summary>
    private static partial class Log
    {
        [LoggerMessage(1000, LogLevel.Information, "Opened store {Path}: schema version {SchemaVersion}, store revision {Revision}, {Applied} migrations applied")]
        public static partial void Opened(ILogger logger, string path, int schemaVersion, long revision, int applied);

        [LoggerMessage(1001, LogLevel.Information, "Created the bootstrap admin API token")]
        public static partial void BootstrapTokenCreated(ILogger logger);

        [LoggerMessage(1003, LogLevel.Information, "Node {NodeId} ({Hostname}) joined environment {Environment}")]
        public static partial void NodeJoined(ILogger logger, string nodeId, string hostname, string environment);

        [LoggerMessage(1004, LogLevel.Information, "App {Environment}/{App}: revision {AppRevision} at store revision {Revision} ({Reason})")]
        public static partial void RevisionCommitted(ILogger logger, string environment, string app, long appRevision, long revision, string reason);

        [LoggerMessage(1005, LogLevel.Information, "Pruned {Events} events, {Changes} changes, {DeletedApps} deleted apps; history floor {Floor}")]
        public static partial void Pruned(ILogger logger, int events, int changes, int deletedApps, long floor);

        [LoggerMessage(1006, LogLevel.Debug, "Status for replica {ReplicaId} from node {NodeId} ignored: {Reason}")]
        public static partial void StatusIgnored(ILogger logger, string replicaId, string nodeId, string reason);

        [LoggerMessage(1007, LogLevel.Warning, "A pooled read connection could not begin a transaction ({Error}); the pool was cleared and a fresh connection used")]
        public static partial void PooledConnectionDropped(ILogger logger, string error);
    }
}
