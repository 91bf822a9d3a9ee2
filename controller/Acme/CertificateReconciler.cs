using System.Collections.Concurrent;
using Codemason.Acme;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Edge;
using Codemason.Controller.Hosting;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Acme;

/// <summary>
/// Keeps the certificates of every environment's https hosts issued and renewed by ACME (docs/edge.md, "ACME"),
/// level-triggered (<see cref="EnvironmentPublisher"/>): route, node and certificate changes, and the resync of every
/// environment with a connected node, queue the environment; a pass plans its hosts (<see cref="CertificatePlanner"/>)
/// and orders a certificate for each one due, one order per host, answering HTTP-01 through the environment's edges
/// (<see cref="EdgeChallengeResponder"/>). A success is stored with source acme (the edges then serve it); a failure
/// keeps what the edges serve and is recorded on the host with an event, and the backoff of
/// <see cref="CertificateRenewal"/> decides the next attempt. Nothing runs while ACME is off.
/// </summary>
public sealed partial class CertificateReconciler(
    IChangeFeed feed,
    IEdgeStore edges,
    ICertificateStore certificates,
    AgentConnections connections,
    EdgeChallenges challenges,
    EdgePublisher edgePublisher,
    IOptions<AcmeOptions> options,
    IOptions<EdgeOptions> edgeOptions,
    IOptions<ControllerOptions> controllerOptions,
    TimeProvider time,
    ILogger<CertificateReconciler> logger,
    ILogger<AcmeClient> clientLogger) : EnvironmentPublisher(feed, time, logger)
{
    private readonly ILogger _logger = logger;
    private readonly SemaphoreSlim _accountLock = new(1, 1);

    // The server's Retry-After of each host's last failure, by environment: kept in memory only (a restart retries
    // on the backoff alone), which spares the store a column.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> _serverRetryAt = new(StringComparer.Ordinal);
    private HttpClient? _acmeHttp;
    private HttpClient? _checkHttp;
    private AcmeClient? _client;
    private AcmeAccount? _account;

    /// <inheritdoc />
    protected override string Work => "issuing certificates";

    /// <inheritdoc />
    protected override bool Follows(ResourceKind kind) => kind is ResourceKind.App or ResourceKind.Node or ResourceKind.Environment;

    /// <inheritdoc />
    protected override Task<IEnumerable<string>> EnvironmentsToResyncAsync(CancellationToken cancellationToken) =>
        // Only an environment with a connected node has an edge that can answer a challenge.
        Task.FromResult(connections.Live.Select(c => c.Environment).Distinct(StringComparer.Ordinal));

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogOff();
            return Task.CompletedTask;
        }
        _acmeHttp = new HttpClient(AcmeHttp.AcmeServerHandler(settings.TrustedCaFile)) { Timeout = AcmeHttp.RequestTimeout };
        _checkHttp = new HttpClient(AcmeHttp.ChallengeCheckHandler()) { Timeout = AcmeHttp.RequestTimeout };
        _client = new AcmeClient(_acmeHttp, Options.Create(settings.ToClientOptions()), Time, clientLogger);
        LogOn(settings.DirectoryUrl!);
        return base.ExecuteAsync(stoppingToken);
    }

    /// <inheritdoc />
    protected override async Task PublishAsync(string environment, CancellationToken cancellationToken)
    {
        var snapshot = await edges.GetEdgeSnapshotAsync(environment, cancellationToken);
        var stored = await certificates.ListCertificatesAsync(environment, cancellationToken);
        var retryAt = _serverRetryAt.GetOrAdd(environment, _ => new(StringComparer.Ordinal));
        var plans = CertificatePlanner.Plan(RouteTable.Build(snapshot), stored, Time.GetUtcNow(), retryAt);
        foreach (var host in plans.Where(p => p.Plan.RenewNow))
        {
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["Environment"] = environment, ["Host"] = host.Host });
            await IssueAsync(environment, host, snapshot, retryAt, cancellationToken);
        }
        // The resync looks again anyway; an earlier due time (a short-lived certificate, a short backoff) is queued for.
        var waits = plans.Where(p => !p.Plan.RenewNow).Select(p => p.Plan.At - Time.GetUtcNow()).Where(d => d < ResyncInterval).ToList();
        if (waits.Count > 0)
        {
            EnqueueAfter(environment, waits.Min());
        }
    }

    private async Task IssueAsync(string environment, HostRenewal host, EdgeSnapshot snapshot,
        ConcurrentDictionary<string, DateTimeOffset> retryAt, CancellationToken cancellationToken)
    {
        retryAt.TryRemove(host.Host, out _);
        LogIssuing(host.Host, host.Plan.Reason);
        try
        {
            var account = await AccountAsync(cancellationToken);
            var responder = new EdgeChallengeResponder(environment, EdgeUrls(snapshot), challenges, edgePublisher, _checkHttp!,
                options.Value.ChallengeCheckTimeout, Time);
            var issued = await _client!.IssueCertificateAsync(account, [host.Host], responder, cancellationToken);
            await certificates.SaveCertificateAsync(environment,
                new CertificateDraft([host.Host], issued.CertificateChainPem, issued.PrivateKeyPem, CertificateSource.Acme, issued.NotBefore, issued.NotAfter),
                actor: "", cancellationToken);
            LogIssued(host.Host, issued.NotAfter);
        }
        catch (AcmeException e)
        {
            var row = await certificates.RecordCertificateFailureAsync(environment, host.Host, e.Message, cancellationToken);
            if (e.RetryAfter is { } wait && row.LastFailureAt is { } failed)
            {
                retryAt[host.Host] = failed + wait;
            }
            LogFailed(host.Host, row.FailedAttempts, e.Message);
        }
    }

    /// <summary>The plain HTTP base URL of every edge node of the environment that is connected now.</summary>
    private List<Uri> EdgeUrls(EdgeSnapshot snapshot)
    {
        var live = connections.Live.Where(c => c.Environment == snapshot.Environment).Select(c => c.Node).ToHashSet();
        return [.. snapshot.Nodes
            .Where(n => n.RunsEdge && live.Contains(n.Id) && n.AdvertiseAddress.Length > 0)
            .Select(n => new UriBuilder(Uri.UriSchemeHttp, n.AdvertiseAddress, edgeOptions.Value.HttpPort).Uri)];
    }

    /// <summary>The account, registered once per process (the key, kept in the data directory, finds it again).</summary>
    private async Task<AcmeAccount> AccountAsync(CancellationToken cancellationToken)
    {
        await _accountLock.WaitAsync(cancellationToken);
        try
        {
            if (_account is null)
            {
                var key = AcmeAccountKeyFile.LoadOrCreate(controllerOptions.Value.DataDirectory);
                _account = await _client!.RegisterAccountAsync(key, options.Value.Email, cancellationToken);
                LogAccount(_account.Url);
            }
            return _account;
        }
        finally
        {
            _accountLock.Release();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _acmeHttp?.Dispose();
        _checkHttp?.Dispose();
        _accountLock.Dispose();
        base.Dispose();
    }
}
