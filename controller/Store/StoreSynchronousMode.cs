namespace Codemason.Controller.Store;

/// <summary>SQLite <c>PRAGMA synchronous</c> for the WAL (see docs/controller.md, "Durability").</summary>
public enum StoreSynchronousMode
{
    /// <summary>fsync the WAL on every commit: a commit survives kill -9 and power loss (default).</summary>
    Full,

    /// <summary>fsync only at checkpoints: a commit survives kill -9 of the controller, but the last commits may roll back on power loss.</summary>
    Normal,
}
