using System.Net;
using System.Net.Sockets;

namespace Codemason.Agent.Reconciliation;

/// <summary>
/// Whether a container accepts connections on a TCP port: how a replacement without a health check shows it is ready
/// before the edges send it requests (docs/edge.md, "Zero-downtime rollouts"). Only a refused connection counts as
/// "not yet": an address this agent cannot reach, or a probe that times out, says nothing, and the container is
/// taken as it was before probes existed, serving once it runs.
/// </summary>
public static class PortProbe
{
    /// <summary>How long one probe waits for the connection.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    /// <summary>False when <paramref name="address"/>:<paramref name="port"/> refused the connection; true otherwise.</summary>
    public static async Task<bool> AcceptsAsync(string address, int port, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return true;
        }
        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(ip, port), timeout.Token);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return true;
        }
    }
}
