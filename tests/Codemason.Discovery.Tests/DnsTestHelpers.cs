using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace Codemason.Discovery.Tests;

/// <summary>Servers on loopback, an independent client (DnsClient) and raw exchanges for the server tests.</summary>
internal static class DnsTestHelpers
{
    public static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    public static NameTable Table(params (string Name, string[] Addresses)[] names) =>
        new(names.Select(n => new KeyValuePair<string, IReadOnlyList<IPAddress>>(n.Name, [.. n.Addresses.Select(IPAddress.Parse)])));

    public static ServiceDnsServer Start(NameTable names, Func<ServiceDnsServerOptions, ServiceDnsServerOptions>? configure = null)
    {
        var options = new ServiceDnsServerOptions { Endpoint = AnyLoopbackPort, Name = "test" };
        return ServiceDnsServer.Start(configure?.Invoke(options) ?? options, names);
    }

    public static LookupClient Client(IPEndPoint server, bool tcpOnly = false) => new(new LookupClientOptions(new NameServer(server))
    {
        UseCache = false,
        Retries = 0,
        Timeout = TimeSpan.FromSeconds(5),
        UseTcpOnly = tcpOnly,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
    });

    public static byte[] Query(string name, ushort type = DnsRecordType.A, ushort id = 0x1234, int ednsUdpPayloadSize = 0)
    {
        var buffer = new byte[512];
        return buffer[..DnsMessageWriter.WriteQuery(id, name, type, buffer, ednsUdpPayloadSize: ednsUdpPayloadSize)];
    }

    /// <summary>Sends <paramref name="packet"/> over UDP; the response, or null when none comes within <paramref name="wait"/>.</summary>
    public static async Task<byte[]?> ExchangeUdpAsync(IPEndPoint server, byte[] packet, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken);
        await socket.SendAsync(packet, SocketFlags.None, cancellationToken);
        var buffer = new byte[65535];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..length];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Sends length-prefixed <paramref name="packet"/> over one TCP connection and reads one response.</summary>
    public static async Task<byte[]> ExchangeTcpAsync(IPEndPoint server, byte[] packet, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cancellationToken);
        await using var stream = new NetworkStream(socket);
        return await ExchangeFramedAsync(stream, packet, cancellationToken);
    }

    public static async Task<byte[]> ExchangeFramedAsync(Stream stream, byte[] packet, CancellationToken cancellationToken)
    {
        var framed = new byte[2 + packet.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
        packet.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancellationToken);
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, cancellationToken);
        var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(response, cancellationToken);
        return response;
    }

    public static ushort Id(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response);

    public static int ResponseCode(byte[] response) => response[3] & 0x0F;

    public static bool Truncated(byte[] response) => (response[2] & 0x02) != 0;

    public static int AnswerCount(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(6));

    public static int AdditionalCount(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(10));
}
