using System.Net;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// The registry of the by-hand baseline: a <c>local/registry:2.8</c> container with the image's default configuration
/// (no auth, no TLS) published on a free loopback port, which the engine allows without TLS (127.0.0.0/8 is an insecure
/// registry by default). Labelled with the run's test label; <see cref="DisposeAsync"/> removes it with its volume.
/// </summary>
internal sealed class ByHandRegistry : IAsyncDisposable
{
    /// <summary>The image <c>make engine</c> builds (packaging/registry-image.sh).</summary>
    public const string Image = "local/registry:2.8";

    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(30);

    private ByHandRegistry(string container, int port)
    {
        Container = container;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary><c>127.0.0.1:PORT</c>, the prefix of the baseline's image references.</summary>
    public string Address { get; }

    public string Container { get; }

    /// <summary>Starts the container and returns once <c>/v2/</c> answers.</summary>
    public static async Task<ByHandRegistry> StartAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var registry = new ByHandRegistry($"codemason-bench-registry-{context.RunId[^8..]}", FreePorts.Next());
        try
        {
            await PeerCommand.CheckedAsync("docker",
            [
                "run", "-d", "--name", registry.Container, "--label", $"{BenchContext.TestLabel}={context.RunId}",
                "-p", $"{registry.Address}:5000", Image,
            ], CommandLimit, cancellationToken);
            await registry.WaitReadyAsync(cancellationToken);
            return registry;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes the container and its anonymous volume (the image's <c>/var/lib/docker-registry</c>).</summary>
    public async ValueTask DisposeAsync() =>
        await PeerCommand.RunAsync("docker", ["rm", "-f", "-v", Container], CommandLimit, CancellationToken.None);

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ReadyLimit);
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(new Uri($"http://{Address}/v2/"), limit.Token);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!limit.IsCancellationRequested)
            {
                // One GET timed out; try again.
            }
            await Task.Delay(100, limit.Token);
        }
    }
}
