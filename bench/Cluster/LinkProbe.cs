using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Codemason.Bench.Cluster;

/// <summary>
/// The client end of the link probes, run inside a network namespace (<see cref="NetworkNamespace"/>) with blocking
/// sockets on that one thread, so no scheduling of async continuations enters the figures.
/// </summary>
internal static class LinkProbe
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Whether <paramref name="target"/> accepts a connection from the namespace within <paramref name="limit"/>.</summary>
    public static Task<bool> ReachableAsync(string namespacePath, IPEndPoint target, TimeSpan limit) =>
        NetworkNamespace.RunAsync(namespacePath, () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                socket.ConnectAsync(target, timeout.Token).AsTask().GetAwaiter().GetResult();
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return false;
            }
        });

    /// <summary>
    /// <paramref name="count"/> TCP connects to <paramref name="target"/>, one after the other: the time of each
    /// <c>connect(2)</c> (SYN to SYN-ACK) in milliseconds. Each socket is then reset (linger 0), so no TIME_WAIT piles up.
    /// </summary>
    public static Task<double[]> ConnectAsync(string namespacePath, IPEndPoint target, int count) =>
        NetworkNamespace.RunAsync(namespacePath, () =>
        {
            var latencies = new double[count];
            for (var i = 0; i < count; i++)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    NoDelay = true,
                    LingerState = new LingerOption(true, 0),
                };
                var started = Stopwatch.GetTimestamp();
                socket.Connect(target);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            return latencies;
        });

    /// <summary>
    /// Asks the <see cref="BulkServer"/> at <paramref name="target"/> for <paramref name="bytes"/> bytes and reads them:
    /// MB/s (10⁶ bytes) from the request to the last byte.
    /// </summary>
    public static Task<double> ReadAsync(string namespacePath, IPEndPoint target, long bytes) =>
        NetworkNamespace.RunAsync(namespacePath, () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
                ReceiveTimeout = 30_000,
            };
            socket.Connect(target);
            var header = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(header, bytes);
            var buffer = new byte[BufferSize];
            var started = Stopwatch.GetTimestamp();
            socket.Send(header);
            long received = 0;
            while (received < bytes)
            {
                var n = socket.Receive(buffer);
                if (n == 0)
                {
                    throw new IOException($"{target} ended the stream after {received} of {bytes} bytes");
                }
                received += n;
            }
            return bytes / 1e6 / Stopwatch.GetElapsedTime(started).TotalSeconds;
        });

    /// <summary>The <paramref name="percentile"/> (0–100) of <paramref name="values"/>, nearest rank.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
