namespace Codemason.Controller.Store;

/// <summary>
/// The controller's desired and observed state, as one object with a role interface per consumer:
/// <see cref="ITokenStore"/>, <see cref="IEnvironmentStore"/>, <see cref="INodeStore"/>, <see cref="IAssignmentFeed"/>,
/// <see cref="IPlacementStore"/>, <see cref="IAppStore"/>, <see cref="IEventStore"/>, <see cref="INetworkStore"/> and <see cref="IStoreMaintenance"/>.
/// Consumers depend on the roles they use; this aggregate is what an implementation provides and what tests
/// hold. Every committed change bumps ONE store revision and writes the change log that <see cref="IChangeFeed"/>
/// serves; every row carries the revision it last changed at. Writes are transactions: a method either commits
/// all it does or nothing. Secrets (join tokens, node credentials, API tokens) are made here, returned in
/// plaintext once, and stored as SHA-256 hashes. Domain failures are <see cref="Errors.ControllerException"/>s
/// (not found, already exists, conflict, ...). The SQLite implementation serialises writers in process; a
/// PostgreSQL one would lock the app or node row.
/// </summary>
public interface IControllerStore
    : ITokenStore, IEnvironmentStore, INodeStore, IAssignmentFeed, IPlacementStore, IAppStore, IEventStore, INetworkStore, IStoreMaintenance, IBuildStore, IRegistryStore, IEdgeStore,
      ICertificateStore;
