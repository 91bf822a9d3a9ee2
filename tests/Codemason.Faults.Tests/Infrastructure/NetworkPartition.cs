using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>
/// Two network namespaces this test creates, joined by a veth pair on a private range that exists only
/// inside them: the controller's side (<see cref="ControllerNamespace"/>, <see cref="ControllerAddress"/>)
/// and the partitioned agent's side (<see cref="AgentNamespace"/>). <see cref="Cut"/> takes the link down,
/// <see cref="Heal"/> brings it back. Dispose deletes both namespaces (which removes the veth pair).
/// The test process itself stays in the host namespace; <see cref="CreateHandler"/> gives it an HTTP
/// handler whose sockets are made inside the controller's namespace.
/// </summary>
public sealed partial class NetworkPartition : IClusterNetwork, IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private NetworkPartition(string id)
    {
        ControllerNamespace = $"cmf-{id}-c";
        AgentNamespace = $"cmf-{id}-a";
        ControllerLink = $"cmf{id}c";
        AgentLink = $"cmf{id}a";
    }

    public string ControllerNamespace { get; }

    public string AgentNamespace { get; }

    /// <summary>Where the controller listens: <see cref="ControllerAddress"/>, port 7400.</summary>
    public Uri ControllerUri { get; } = new($"http://{ControllerAddress}:7400");

    Uri IClusterNetwork.ControllerAddress => ControllerUri;

    /// <summary>Agent "a" is the one cut off; the others run beside the controller.</summary>
    public string AgentNamespaceOf(string agentName) => agentName == "a" ? AgentNamespace : ControllerNamespace;

    /// <summary>Every agent talks to this machine's engine.</summary>
    public string? DockerHostOf(string agentName) => null;

    public string ControllerLink { get; }

    public string AgentLink { get; }

    /// <summary>The controller's address inside the namespaces.</summary>
    public static IPAddress ControllerAddress { get; } = IPAddress.Parse("10.231.77.1");

    /// <summary>The partitioned agent's address.</summary>
    public static IPAddress AgentAddress { get; } = IPAddress.Parse("10.231.77.2");

    /// <summary>Creates the namespaces and the link; returns null with the reason when this machine cannot.</summary>
    public static (NetworkPartition? Partition, string? Reason) TryCreate()
    {
        var partition = new NetworkPartition(Guid.NewGuid().ToString("N")[..6]);
        var (c, a) = (partition.ControllerNamespace, partition.AgentNamespace);
        string[][] steps =
        [
            ["netns", "add", c],
            ["netns", "add", a],
            ["link", "add", partition.ControllerLink, "netns", c, "type", "veth", "peer", "name", partition.AgentLink, "netns", a],
            ["-n", c, "addr", "add", $"{ControllerAddress}/24", "dev", partition.ControllerLink],
            ["-n", a, "addr", "add", $"{AgentAddress}/24", "dev", partition.AgentLink],
            ["-n", c, "link", "set", "lo", "up"],
            ["-n", a, "link", "set", "lo", "up"],
            ["-n", c, "link", "set", partition.ControllerLink, "up"],
            ["-n", a, "link", "set", partition.AgentLink, "up"],
        ];
        foreach (var step in steps)
        {
            var (code, output) = Ip(step);
            if (code != 0)
            {
                partition.Dispose();
                return (null, $"ip {string.Join(' ', step)} failed ({code}): {output}");
            }
        }
        return (partition, null);
    }

    /// <summary>Takes the partitioned agent's end of the link down: no packet passes either way.</summary>
    public void Cut() => Run(["-n", AgentNamespace, "link", "set", AgentLink, "down"]);

    /// <summary>Brings the link back up (the address and its route come back with it).</summary>
    public void Heal() => Run(["-n", AgentNamespace, "link", "set", AgentLink, "up"]);

    /// <summary>An HTTP handler for the test's API client: every connection is a socket made inside the controller's namespace.</summary>
    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = CreateSocketIn(ControllerNamespace);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// A TCP socket belongs to the namespace of the thread that made it: a short-lived thread switches to
    /// <paramref name="networkNamespace"/> with setns(2), makes the socket and ends (its namespace with it).
    /// </summary>
    private static Socket CreateSocketIn(string networkNamespace)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{networkNamespace}");
                if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns({networkNamespace}) failed: errno {Marshal.GetLastPInvokeError()}");
                }
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            }
            catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException)
            {
                error = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException($"cannot make a socket in {networkNamespace}", error);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int nstype);

    private static void Run(string[] arguments)
    {
        var (code, output) = Ip(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {output}");
        }
    }

    private static (int Code, string Output) Ip(string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "the ip command is missing (iproute2): " + ex.Message);
        }
    }

    public void Dispose()
    {
        // Deleting a namespace removes the veth end inside it, and with it its peer.
        Ip(["netns", "del", AgentNamespace]);
        Ip(["netns", "del", ControllerNamespace]);
    }
}
