using System.Net;
using System.Net.Sockets;
using Codemason.Discovery;

namespace Codemason.Testing.Pebble;

/// <summary>
/// A DNS server on a free loopback UDP port that answers every A query with 127.0.0.1 and every other query with
/// no data: pebble (<c>-dnsserver</c>) then validates any test host against the challenge server on loopback.
/// </summary>
public sealed class LoopbackDns : IDisposable
{
    private static readonly byte[] Loopback = [127, 0, 0, 1];

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackDns()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint { get; }

    private async Task ServeAsync()
    {
        var buffer = new byte[DnsMessageWriter.MaxEdnsUdpLength];
        var answer = new byte[DnsMessageWriter.MaxEdnsUdpLength];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (DnsMessageReader.TryReadQuery(buffer.AsSpan(0, received.ReceivedBytes), out var query) != DnsReadStatus.Query || query is null)
            {
                continue;
            }
            var length = query.Type == DnsRecordType.A
                ? DnsMessageWriter.WriteAnswer(query, Loopback, 0, 0, answer.Length, answer)
                : DnsMessageWriter.WriteEmpty(query, DnsResponseCode.NoError, authoritative: true, answer);
            await _socket.SendToAsync(answer.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
