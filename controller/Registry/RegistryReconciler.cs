using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Controller.Tls;
using Codemason.Proto.V1;
using Codemason.Queue;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>
/// Keeps each environment that builds images with a registry (docs/registry.md), level-triggered: a git remote, a node
/// change, a new session or the periodic resync queues the environment; a pass decides where its registry runs
/// (<see cref="RegistryPlacement"/>), issues its certificate when the place or address changed, and sends each
/// connected node of the environment its <see cref="EnvironmentRegistry"/> when it differs from the last one sent.
/// The agents do the rest: the chosen node runs the container, every node trusts the CA and pulls with its credential.
/// </summary>
public sealed partial class RegistryReconciler(
    IChangeFeed feed,
    IRegistryStore store,
    AgentConnections connections,
    ControllerTls tls,
    IOptions<RegistryOptions> options,
    TimeProvider time,
    ILogger<RegistryReconciler> logger) : BackgroundService, ISessionStatePublisher
{
    /// <summary>How often every environment is reconciled again, whatever happened.</summary>
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);

    private readonly WorkQueue<string> _queue = new(time, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <inheritdoc />
    public void Enqueue(string environment) => _queue.Add(environment);

    /// <summary>
    /// Reconciles <paramref name="environment"/> now (it needs a registry from now on: a build is about to push) and
    /// returns its registry; null when no node of it has an address to run one at.
    /// </summary>
    public async Task<RegistryHost?> EnsureAsync(string environment, CancellationToken cancellationToken) =>
        await PassAsync(environment, needed: true, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(stoppingToken), ResyncAsync(stoppingToken), WorkAsync(stoppingToken));

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe();
            try
            {
                await foreach (var change in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    if (change.Kind is ResourceKind.Node or ResourceKind.Environment)
                    {
                        _queue.Add(change.Environment);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChangeFeedOverflowException)
            {
                // Missed changes are found by the resync below.
            }
            await EnqueueAllAsync(stoppingToken);
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ResyncInterval, time);
        try
        {
            do
            {
                await EnqueueAllAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task EnqueueAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var environment in await store.ListRegistryEnvironmentsAsync(cancellationToken))
            {
                _queue.Add(environment);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogListFailed(e.Message);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string environment;
            try
            {
                environment = await _queue.TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await PassAsync(environment, needed: false, stoppingToken);
                _queue.Forget(environment);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(environment, _queue.AddRateLimited(environment), e);
            }
            finally
            {
                _queue.Done(environment);
            }
        }
    }

    private async Task<RegistryHost?> PassAsync(string environment, bool needed, CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var current = await store.GetRegistryHostAsync(environment, cancellationToken);
            if (current is null && !needed && !(await store.ListRegistryEnvironmentsAsync(cancellationToken)).Contains(environment, StringComparer.Ordinal))
            {
                return null;
            }
            var settings = options.Value;
            var candidates = await store.ListRegistryCandidatesAsync(environment, cancellationToken);
            var now = time.GetUtcNow();
            var host = current;
            if (RegistryPlacement.Decide(current, candidates, settings.Port, now, CertificateAuthority.ServerLifetime) is { } placement
                && (placement.IssueCertificate || placement.Node != current?.Node || placement.Address != current.Address))
            {
                var files = RegistryTlsFiles.Issue(tls.Certificates.Ca, [HostOf(placement.Address)], now);
                host = new RegistryHost(environment, placement.Node, placement.Address, files.CertificatePem, files.KeyPem, now);
                await store.SaveRegistryHostAsync(host, cancellationToken);
                LogPlaced(environment, placement.Node.Value, placement.Address);
            }
            Publish(environment, host);
            return host;
        }
        finally
        {
            _pass.Release();
        }
    }

    private void Publish(string environment, RegistryHost? host)
    {
        var caPem = tls.Certificates.Ca.ExportCertificatePem() + "\n";
        foreach (var session in connections.Live.Where(c => c.Environment == environment))
        {
            var message = RegistryMessage.For(environment, host, session.Node, caPem, options.Value);
            if (!message.Equals(session.SentRegistry))
            {
                session.SentRegistry = message;
                session.Send(new ControllerMessage { Registry = message });
            }
        }
    }

    /// <summary>The host of <c>host:port</c> (an IPv6 address without its brackets).</summary>
    private static string HostOf(string address) => address[..address.LastIndexOf(':')].Trim('[', ']');

    public override void Dispose()
    {
        _queue.Dispose();
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "the registry of environment {Environment} runs on node {Node}, at {Address}")]
    private partial void LogPlaced(string environment, string node, string address);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "reconciling the registry of environment {Environment} failed; retrying in {Delay}")]
    private partial void LogFailed(string environment, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "listing the environments with registries failed: {Reason}")]
    private partial void LogListFailed(string reason);
}
