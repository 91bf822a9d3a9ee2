using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Codemason.Bench.Cluster;

/// <summary>
/// The server end of the link probes, listening on <c>0.0.0.0:port</c> inside a container's network namespace, so that
/// the replica's overlay address and its published port (the engine's DNAT to the same address) both reach it. A
/// connection that sends nothing is closed (the connect probes); one that sends an 8-byte little-endian count gets
/// that many bytes and the end of the stream. Runs in this process, so the replica's image (busybox, whose nc copies
/// through a small buffer) is not what is measured.
/// </summary>
internal sealed class BulkServer : IAsyncDisposable
{
    private const int BufferSize = 256 * 1024;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private BulkServer(Socket listener)
    {
        _listener = listener;
        _accepting = AcceptAsync();
    }

    /// <summary>Listens on <paramref name="port"/> of every address in the namespace <paramref name="namespacePath"/>.</summary>
    public static async Task<BulkServer> StartAsync(string namespacePath, int port)
    {
        var listener = await NetworkNamespace.RunAsync(namespacePath, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.Listen(4096);
            return socket;
        });
        return new BulkServer(listener);
    }

    private async Task AcceptAsync()
    {
        var buffer = new byte[BufferSize];
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            // Each connection on its own task; the buffer is only read from, so they share it.
            _ = ServeAsync(connection, buffer, _stop.Token);
        }
    }

    private static async Task ServeAsync(Socket connection, byte[] buffer, CancellationToken cancellationToken)
    {
        using (connection)
        {
            try
            {
                connection.NoDelay = true;
                var header = new byte[8];
                var read = 0;
                while (read < header.Length)
                {
                    var n = await connection.ReceiveAsync(header.AsMemory(read), SocketFlags.None, cancellationToken);
                    if (n == 0)
                    {
                        return;
                    }
                    read += n;
                }
                var remaining = BinaryPrimitives.ReadInt64LittleEndian(header);
                while (remaining > 0)
                {
                    remaining -= await connection.SendAsync(buffer.AsMemory(0, (int)Math.Min(remaining, buffer.Length)), SocketFlags.None, cancellationToken);
                }
                connection.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connect probe's reset, or the server stopping: nothing to serve.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
