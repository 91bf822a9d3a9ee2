using System.Net;
using System.Net.Sockets;

namespace Codemason.Bench.Harness;

/// <summary>A TCP port nothing listens on yet, for a process the benchmark starts.</summary>
public static class FreePorts
{
    /// <summary>A free port on <paramref name="address"/> (default loopback), as the kernel hands one out.</summary>
    public static int Next(IPAddress? address = null) =>
        TryBind(address ?? IPAddress.Loopback, 0)!.Value;

    /// <summary>
    /// The first of <paramref name="count"/> consecutive ports free on loopback (a published port range, as
    /// <c>127.0.0.1:P-Q:80</c>): starts from a port the kernel hands out and tries again when a neighbour is taken.
    /// </summary>
    public static int NextRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Next();
            if (first + count - 1 <= IPEndPoint.MaxPort && Enumerable.Range(first + 1, count - 1).All(port => TryBind(IPAddress.Loopback, port) is not null))
            {
                return first;
            }
        }
        throw new InvalidOperationException($"no {count} consecutive free ports on loopback in 50 attempts");
    }

    /// <summary>Binds <paramref name="port"/> (0: any) on <paramref name="address"/> for a moment; the port bound, or null when in use (other errors are thrown).</summary>
    private static int? TryBind(IPAddress address, int port)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return null;
        }
        finally
        {
            listener.Stop();
        }
    }
}
