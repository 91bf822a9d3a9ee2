using Codemason.Controller.Apply;
using Codemason.Controller.Catalog;
using Codemason.Controller.Networking;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Codemason.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>A real SQLite store in a temp directory with a manual clock, plus the reconcile loop and the apply coordinator over it.</summary>
internal sealed class StoreHarness : IDisposable
{
    private readonly TempDirectory _directory;

    private StoreHarness(TempDirectory directory, SqliteControllerStore store, ManualTimeProvider time, StoreInitialization initialization, ICatalog? catalog)
    {
        _directory = directory;
        Store = store;
        Time = time;
        Initialization = initialization;
        var options = Options.Create(new ReconcileOptions());
        Reconciler = new ControllerReconciler(
            store, new PlacementPass(store, options, time, NullLogger<PlacementPass>.Instance), options, time, NullLogger<ControllerReconciler>.Instance);
        // Its resync waits on the manual clock: passes run only when something asks for one or the test advances time.
        Reconciler.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Coordinator = new ApplyCoordinator(store, store, Reconciler, new AppLocks(), NullLogger<ApplyCoordinator>.Instance, catalog: catalog);
    }

    public SqliteControllerStore Store { get; }

    public ManualTimeProvider Time { get; }

    public StoreInitialization Initialization { get; }

    /// <summary>The real reconcile loop over the store (the scheduler places replicas).</summary>
    public ControllerReconciler Reconciler { get; }

    public ApplyCoordinator Coordinator { get; }

    public string DatabasePath => Store.DatabasePath;

    /// <summary>A fresh store; the coordinator offers <paramref name="catalog"/> (default none) for links the environment lacks.</summary>
    public static async Task<StoreHarness> OpenAsync(Action<StoreOptions>? configure = null, NetworkOptions? network = null, ICatalog? catalog = null)
    {
        var directory = new TempDirectory();
        var options = new StoreOptions { Path = directory.File("controller.db") };
        configure?.Invoke(options);
        var time = new ManualTimeProvider();
        var store = new SqliteControllerStore(Options.Create(options), time, NullLogger<SqliteControllerStore>.Instance, Options.Create(network ?? new NetworkOptions()));
        var initialization = await store.InitializeAsync(CancellationToken.None);
        return new StoreHarness(directory, store, time, initialization, catalog);
    }

    /// <summary>Applies <paramref name="masonJson"/> to <paramref name="environment"/> as "tester".</summary>
    public Task<ApplyOutcome> ApplyAsync(string environment, string masonJson, IReadOnlyDictionary<string, string>? answers = null) =>
        Coordinator.ApplyAsync(
            new ApplyCommand(environment, masonJson, answers ?? MasonSamples.ShopAnswers, null, null, DryRun: false, Who: "tester"),
            CancellationToken.None);

    /// <summary>
    /// Registers a Ready node in <paramref name="environment"/> with a fresh join token (and the agent's labels), advertising
    /// <paramref name="advertise"/> (default: an address of its own that other servers reach, so it is on the overlay).
    /// </summary>
    public async Task<NodeRegistrationResult> JoinNodeAsync(string environment, string hostname, IReadOnlyDictionary<string, string>? labels = null, string? advertise = null)
    {
        var token = await Store.IssueJoinTokenAsync(environment, rotate: false, CancellationToken.None);
        var details = new NodeDetails(hostname, labels ?? new Dictionary<string, string>(), new Proto.V1.Resources { MemoryMb = 4096, CpuShares = 2048 }, "24.0.0", "1.0.0", "127.0.0.1:1")
        {
            AdvertiseAddress = advertise ?? $"10.213.0.{Interlocked.Increment(ref _joined) + 10}",
        };
        return await Store.RegisterNodeAsync(token, details, CancellationToken.None) ?? throw new InvalidOperationException("join failed");
    }

    private int _joined;

    public void Dispose()
    {
        Reconciler.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        Reconciler.Dispose();
        Store.Dispose();
        _directory.Dispose();
    }
}
