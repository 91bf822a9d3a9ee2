using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Controller.Tls;
using Codemason.Proto.V1;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>
/// Keeps each environment that builds images with a registry (docs/registry.md), level-triggered
/// (<see cref="EnvironmentPublisher"/>): a git remote, a node change, a new session or the resync queues the
/// environment; a pass decides where its registry runs (<see cref="RegistryPlacement"/>), issues its certificate when
/// the place or address changed, and sends each connected node of the environment its <see cref="EnvironmentRegistry"/>
/// when it differs from the last one sent. The agents do the rest: the chosen node runs the container, every node
/// trusts the CA and pulls with its credential.
/// </summary>
public sealed partial class RegistryReconciler(
    IChangeFeed feed,
    IRegistryStore store,
    AgentConnections connections,
    ControllerTls tls,
    IOptions<RegistryOptions> options,
    TimeProvider time,
    ILogger<RegistryReconciler> logger) : EnvironmentPublisher(feed, time, logger)
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>
    /// Reconciles <paramref name="environment"/> now (it needs a registry from now on: a build is about to push) and
    /// returns its registry; null when no node of it has an address to run one at.
    /// </summary>
    public Task<RegistryHost?> EnsureAsync(string environment, CancellationToken cancellationToken) =>
        PassAsync(environment, needed: true, cancellationToken);

    /// <inheritdoc />
    protected override string Work => "reconciling the registry";

    /// <inheritdoc />
    protected override bool Follows(ResourceKind kind) => kind is ResourceKind.Node or ResourceKind.Environment;

    /// <inheritdoc />
    protected override async Task<IEnumerable<string>> EnvironmentsToResyncAsync(CancellationToken cancellationToken) =>
        await store.ListRegistryEnvironmentsAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task PublishAsync(string environment, CancellationToken cancellationToken) =>
        PassAsync(environment, needed: false, cancellationToken);

    private async Task<RegistryHost?> PassAsync(string environment, bool needed, CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var current = await store.GetRegistryHostAsync(environment, cancellationToken);
            if (current is null && !needed && !await store.NeedsRegistryAsync(environment, cancellationToken))
            {
                return null;
            }
            var settings = options.Value;
            var candidates = await store.ListRegistryCandidatesAsync(environment, cancellationToken);
            var now = Time.GetUtcNow();
            var host = current;
            if (RegistryPlacement.Decide(current, candidates, settings.Port, now, CertificateAuthority.ServerLifetime) is { IssueCertificate: true } placement)
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
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "the registry of environment {Environment} runs on node {Node}, at {Address}")]
    private partial void LogPlaced(string environment, string node, string address);
}
