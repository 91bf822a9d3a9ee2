namespace Codemason.Controller.Store;

/// <summary>What opening the store did: the schema version, migrations applied now, and the bootstrap admin token when this start created it (plaintext, once).</summary>
public sealed record StoreInitialization(int SchemaVersion, IReadOnlyList<string> AppliedMigrations, string? BootstrapAdminToken);
