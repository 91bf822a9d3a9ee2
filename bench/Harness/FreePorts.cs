using System.Net;
using System.Net.Sockets;

namespace Codemason.Bench.Harness;

/// <summary>A TCP port nothing listens on yet, for a process the benchmark starts.</summary>
public static class FreePorts
{
    /// <summary>A free port on <paramref name="address"/> (default loopback), as the kernel hands one out.</summary>
    public static int Next(IPAddress? address = null)
    {
        var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
