using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Codemason.Discovery;
using Codemason.Proto.V1;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Overlay;

/// <summary>
/// Keeps this node's share of its environment's overlay matching the last <see cref="EnvironmentNetwork"/> the
/// controller sent (docs/networking.md): converges the bridge, VXLAN device and flood entries, and serves the
/// environment's names on the gateway (port 53) to each app's replicas. One loop; a newer message replaces one not
/// yet applied; a failure is retried with backoff. Replicas are created on the overlay only once it is up
/// (<see cref="TryGetAttachment"/>).
/// </summary>
public sealed partial class OverlayService(OverlayConverger converger, OverlayNames names, TimeProvider time, ILogger<OverlayService> logger) : IAsyncDisposable
{
    /// <summary>Longest wait before a failed convergence is tried again.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly Channel<(EnvironmentNetwork Network, string Local)> _pending =
        Channel.CreateBounded<(EnvironmentNetwork, string)>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ConcurrentDictionary<string, OverlayAttachment> _ready = new(StringComparer.Ordinal);
    private ServiceDnsServer? _dns;
    private IPAddress? _dnsGateway;

    /// <summary>
    /// Whether replicas with an overlay address join the overlay here: true once this node advertised an address
    /// other servers can reach. An agent advertising a loopback address (one server, or several agents sharing one
    /// engine in tests) keeps every replica on its app's network of this engine.
    /// </summary>
    public bool InUse { get; private set; }

    /// <summary>
    /// Records the address this node advertises, at the start of every session, before any assignment arrives: replicas
    /// of a node on the overlay are never made on their app's network first.
    /// </summary>
    public void Advertise(string local) => InUse = IPAddress.TryParse(local, out var address) && !IPAddress.IsLoopback(address);

    /// <summary>Queues the controller's latest view of the network, for the node advertising <paramref name="local"/>.</summary>
    public void Submit(EnvironmentNetwork network, string local)
    {
        Advertise(local);
        if (InUse)
        {
            _pending.Writer.TryWrite((network, local));
        }
    }

    /// <summary>How to attach a replica of <paramref name="environment"/>; false until its overlay is up on this node.</summary>
    public bool TryGetAttachment(string environment, out OverlayAttachment attachment) =>
        _ready.TryGetValue(environment, out attachment!);

    /// <summary>Applies what is submitted until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            while (await _pending.Reader.WaitToReadAsync(cancellationToken))
            {
                if (!_pending.Reader.TryRead(out var next))
                {
                    continue;
                }
                try
                {
                    await ApplyAsync(next.Network, next.Local, cancellationToken);
                    failures = 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, failures++)));
                    LogFailed(next.Network.Environment, delay, e);
                    await Task.Delay(delay, time, cancellationToken);
                    // A newer message wins over the retry of this one (writing into the full channel would drop the newer).
                    if (!_pending.Reader.TryPeek(out _))
                    {
                        _pending.Writer.TryWrite(next);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAsync(EnvironmentNetwork network, string local, CancellationToken cancellationToken)
    {
        var outcome = await converger.ConvergeAsync(network, local, cancellationToken);
        if (!outcome.Applied || converger.Applied(network.Environment) is not { } applied)
        {
            return;
        }
        if (_dns is null || !applied.Gateway.Equals(_dnsGateway))
        {
            if (_dns is not null)
            {
                await _dns.DisposeAsync();
            }
            _dns = ServiceDnsServer.Start(new ServiceDnsServerOptions
            {
                Endpoint = new IPEndPoint(applied.Gateway, 53),
                Name = network.Environment,
                AllowedSources = [applied.Subnet],
                // A service without a running replica resolves to the gateway, which refuses every connection but DNS.
                UnavailableAddress = applied.Gateway,
                Upstreams = ResolvConf.ReadHostUpstreams(),
            });
            _dnsGateway = applied.Gateway;
        }
        _dns.Replace(NamesOf(network));
        _ready[network.Environment] = new OverlayAttachment(names.Network(network.Environment), applied.Gateway);
        LogApplied(network.Environment, network.Peers.Count, network.Apps.Count);
    }

    /// <summary>Each app's replicas get that app's names; anyone else gets none (and is forwarded).</summary>
    private static NameDirectory NamesOf(EnvironmentNetwork network)
    {
        var byClient = new Dictionary<IPAddress, NameTable>();
        foreach (var app in network.Apps)
        {
            var table = new NameTable(app.Names.Select(n => KeyValuePair.Create(
                n.Name, (IReadOnlyList<IPAddress>)[.. n.Addresses.Select(IPAddress.Parse)])));
            foreach (var member in app.Members)
            {
                byClient[IPAddress.Parse(member)] = table;
            }
        }
        return new NameDirectory(byClient, NameTable.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "overlay of environment {Environment} is up: {Peers} peer(s), names of {Apps} app(s)")]
    private partial void LogApplied(string environment, int peers, int apps);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "overlay of environment {Environment} could not be applied; retrying in {Delay}")]
    private partial void LogFailed(string environment, TimeSpan delay, Exception exception);
}
