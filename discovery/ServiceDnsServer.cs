using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codemason.Discovery;

/// <summary>
/// A DNS server for one network (docs/service-dns.md), on UDP and TCP at one endpoint. Names of the
/// <see cref="NameTable"/> the current <see cref="NameDirectory"/> gives the asking client are answered here, authoritatively: A queries with every address, rotated by one each
/// query; other types with no data; a name without addresses with NXDOMAIN, or with
/// <see cref="ServiceDnsServerOptions.UnavailableAddress"/> when one is set. Every other name is relayed to the
/// upstream resolvers. Clients outside <see cref="ServiceDnsServerOptions.AllowedSources"/> are refused.
/// </summary>
/// <remarks>
/// Nothing a client sends stops the server: malformed messages are counted and dropped, failures of one exchange are
/// logged and end only that exchange. <see cref="DisposeAsync"/> stops it and releases the port.
/// </remarks>
public sealed partial class ServiceDnsServer : IAsyncDisposable
{
    private const int MaxMessageLength = ushort.MaxValue;
    private static readonly IPEndPoint AnyV4 = new(IPAddress.Any, 0);
    private static readonly IPEndPoint AnyV6 = new(IPAddress.IPv6Any, 0);

    private readonly ServiceDnsServerOptions _options;
    private readonly ILogger _logger;
    private readonly ServiceDnsMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _exchanges = new();
    private readonly long[] _counts = new long[Enum.GetValues<DnsQueryOutcome>().Length];
    private readonly string[] _suffixes;
    private readonly uint _ttlSeconds;
    private readonly byte[]? _unavailable;
    private Task _udpLoop = Task.CompletedTask;
    private Task _tcpLoop = Task.CompletedTask;
    private NameDirectory _directory;
    private long _exchangeIds;
    private int _forwards;
    private int _tcpConnections;
    private int _disposed;

    private ServiceDnsServer(ServiceDnsServerOptions options, NameTable names, ILogger logger, ServiceDnsMetrics? metrics,
        TimeProvider time, Socket udp, Socket tcp)
    {
        _options = options;
        _directory = new NameDirectory(names);
        _logger = logger;
        _metrics = metrics;
        _time = time;
        _udp = udp;
        _tcp = tcp;
        _ttlSeconds = (uint)options.Ttl.TotalSeconds;
        _unavailable = options.UnavailableAddress?.GetAddressBytes();
        _suffixes = [.. options.SearchSuffixes.Select(s => "." + s.Trim('.'))];
        LocalEndPoint = (IPEndPoint)udp.LocalEndPoint!;
    }

    /// <summary>Where the server listens, UDP and TCP: the configured endpoint with the port it got.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The table queries of clients without a table of their own are answered from now.</summary>
    public NameTable Names => Volatile.Read(ref _directory).Others;

    /// <summary>Which table each client is answered from now.</summary>
    public NameDirectory Directory => Volatile.Read(ref _directory);

    /// <summary>
    /// Binds UDP and TCP at <see cref="ServiceDnsServerOptions.Endpoint"/> (with port 0, one free port for both) and
    /// starts serving <paramref name="names"/> (default: an empty table).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="SocketException">The endpoint cannot be bound (in use, not an address of this host).</exception>
    public static ServiceDnsServer Start(ServiceDnsServerOptions options, NameTable? names = null,
        ILogger<ServiceDnsServer>? logger = null, ServiceDnsMetrics? metrics = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = ServiceDnsServerOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid service DNS options: " + string.Join("; ", errors), nameof(options));
        }
        var (udp, tcp) = Bind(options.Endpoint);
        var server = new ServiceDnsServer(options, names ?? NameTable.Empty, logger ?? (ILogger)NullLogger.Instance,
            metrics, timeProvider ?? TimeProvider.System, udp, tcp);
        server._udpLoop = Task.Run(server.ServeUdpAsync);
        server._tcpLoop = Task.Run(server.AcceptTcpAsync);
        server.LogStarted(server.LocalEndPoint, options.Name, options.Upstreams.Count,
            options.AllowedSources.Count == 0 ? "any" : string.Join(", ", options.AllowedSources));
        return server;
    }

    /// <summary>Makes <paramref name="names"/> the table the next query of any client is answered from.</summary>
    public void Replace(NameTable names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Replace(new NameDirectory(names));
    }

    /// <summary>Makes <paramref name="directory"/> say which table the next query of each client is answered from.</summary>
    public void Replace(NameDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Volatile.Write(ref _directory, directory);
        LogReplaced(_options.Name, directory.Others.Count);
    }

    /// <summary>How many received messages ended with <paramref name="outcome"/> since the start.</summary>
    public long GetCount(DnsQueryOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);

    /// <summary>Stops listening, ends open exchanges and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_udpLoop, _tcpLoop);
        // Failures of single exchanges were logged when they ended (Track).
        await Task.WhenAll(_exchanges.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        LogStopped(LocalEndPoint, _options.Name);
    }

    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint endpoint)
    {
        // With port 0 the UDP socket picks the port and TCP must get the same one, which another process may hold.
        for (var attempt = 1; ; attempt++)
        {
            var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(endpoint);
                var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    tcp.Bind(new IPEndPoint(endpoint.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                    tcp.Listen(128);
                    return (udp, tcp);
                }
                catch (SocketException)
                {
                    tcp.Dispose();
                    throw;
                }
            }
            catch (SocketException ex) when (endpoint.Port == 0 && ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 10)
            {
                udp.Dispose();
            }
            catch (SocketException)
            {
                udp.Dispose();
                throw;
            }
        }
    }

    private async Task ServeUdpAsync()
    {
        var stopping = _stopping.Token;
        var any = _udp.AddressFamily == AddressFamily.InterNetworkV6 ? AnyV6 : AnyV4;
        var buffer = new byte[MaxMessageLength];
        var response = new byte[DnsMessageWriter.MaxEdnsUdpLength];
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Nothing a peer does should end the loop (e.g. an ICMP error reported on the socket).
                LogReceiveFailed(ex.SocketErrorCode);
                continue;
            }
            var client = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                var packet = buffer.AsMemory(0, received.ReceivedBytes);
                var decision = Decide(packet.Span, client.Address, out var query, out var entry);
                if (decision == Decision.Forward)
                {
                    StartForward(packet.ToArray(), query!, client, overTcp: false);
                    continue;
                }
                var length = Write(decision, query, entry, UdpLimit(query), response);
                if (length > 0)
                {
                    await _udp.SendToAsync(response.AsMemory(0, length), SocketFlags.None, client, stopping);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogSendFailed(client, ex.SocketErrorCode);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A bug answering one message must not stop the server for every container of the network.
                LogUnexpected(ex);
                Count(DnsQueryOutcome.Malformed);
            }
        }
    }

    private async Task AcceptTcpAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _tcp.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogReceiveFailed(ex.SocketErrorCode);
                continue;
            }
            if (connection.RemoteEndPoint is not IPEndPoint remote || !IsAllowed(remote.Address))
            {
                // Over TCP a refused client gets no slot at all: it must not hold connections that the network's own
                // containers need for truncated answers.
                LogRefused((connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None, _options.Name);
                Count(DnsQueryOutcome.Refused);
                connection.Dispose();
                continue;
            }
            if (Interlocked.Increment(ref _tcpConnections) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _tcpConnections);
                LogTcpLimit(_options.MaxTcpConnections, connection.RemoteEndPoint);
                connection.Dispose();
                continue;
            }
            Track(ServeTcpAsync(connection));
        }
    }

    private async Task ServeTcpAsync(Socket connection)
    {
        var client = (IPEndPoint)connection.RemoteEndPoint!;
        var prefix = new byte[2];
        try
        {
            await using var stream = new NetworkStream(connection, ownsSocket: true);
            while (true)
            {
                using var idle = new CancellationTokenSource(_options.TcpIdleTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _stopping.Token);
                if (await stream.ReadAtLeastAsync(prefix, 2, throwOnEndOfStream: false, linked.Token) < 2)
                {
                    return;
                }
                var packet = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(packet, linked.Token);
                var response = await AnswerTcpAsync(packet, client);
                if (response.Length > 0)
                {
                    var framed = new byte[2 + response.Length];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                    response.Span.CopyTo(framed.AsSpan(2));
                    await stream.WriteAsync(framed, linked.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
        {
            // The client went away, idled out, or the server stops: the connection simply ends.
        }
        finally
        {
            Interlocked.Decrement(ref _tcpConnections);
        }
    }

    private async Task<ReadOnlyMemory<byte>> AnswerTcpAsync(byte[] packet, IPEndPoint client)
    {
        var decision = Decide(packet, client.Address, out var query, out var entry);
        if (decision == Decision.Forward)
        {
            return await ForwardOrFailAsync(packet, query!, client, overTcp: true);
        }
        // Room for the header, the question and every address; error responses need less.
        var response = new byte[Math.Min(MaxMessageLength,
            DnsMessageWriter.MaxUdpLength + (entry?.Addresses.Count ?? 0) * DnsMessageWriter.ARecordLength)];
        var length = Write(decision, query, entry, response.Length, response);
        return response.AsMemory(0, length);
    }

    /// <summary>What to do with one message; the pure part of the server, from the table and the options.</summary>
    private Decision Decide(ReadOnlySpan<byte> packet, IPAddress client, out DnsQuery? query, out NameEntry? entry)
    {
        entry = null;
        var status = DnsMessageReader.TryReadQuery(packet, out query);
        if (status == DnsReadStatus.Malformed)
        {
            LogMalformed(packet.Length, client);
            return Decision.Drop;
        }
        if (!IsAllowed(client))
        {
            LogRefused(client, _options.Name);
            return Decision.Refuse;
        }
        if (status != DnsReadStatus.Query)
        {
            return status == DnsReadStatus.NotImplemented ? Decision.NotImplemented : Decision.FormatError;
        }
        if (query!.HasEdns && query.EdnsVersion != 0)
        {
            return Decision.BadVersion;
        }
        if (query.IsPlainName && query.Class is DnsRecordType.ClassInternet or DnsRecordType.ClassAny
            && TryFind(Volatile.Read(ref _directory).For(client), query.Name, out entry))
        {
            if (entry.Addresses.Count == 0)
            {
                return _unavailable is null ? Decision.NameError
                    : query.Type is DnsRecordType.A or DnsRecordType.Any ? Decision.Unavailable : Decision.NoData;
            }
            return query.Type is DnsRecordType.A or DnsRecordType.Any ? Decision.Answer : Decision.NoData;
        }
        return _options.Upstreams.Count == 0 ? Decision.NoUpstream : Decision.Forward;
    }

    /// <summary>How long a UDP response may be: 512 bytes, or what an EDNS0 client offers up to 1232.</summary>
    private static int UdpLimit(DnsQuery? query) => query is { HasEdns: true }
        ? Math.Clamp(query.EdnsUdpPayloadSize, DnsMessageWriter.MaxUdpLength, DnsMessageWriter.MaxEdnsUdpLength)
        : DnsMessageWriter.MaxUdpLength;

    private bool TryFind(NameTable names, string name, out NameEntry entry)
    {
        if (names.TryGetEntry(name, out entry))
        {
            return true;
        }
        foreach (var suffix in _suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && names.TryGetEntry(name[..^suffix.Length], out entry))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsAllowed(IPAddress client)
    {
        var allowed = _options.AllowedSources;
        if (allowed.Count == 0)
        {
            return true;
        }
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }
        foreach (var subnet in allowed)
        {
            if (subnet.Contains(client))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Writes the response to a decision taken here (not Forward); 0 when nothing is to be sent.</summary>
    private int Write(Decision decision, DnsQuery? query, NameEntry? entry, int maxLength, Span<byte> response)
    {
        int length;
        switch (decision)
        {
            case Decision.Drop:
                Count(DnsQueryOutcome.Malformed);
                return 0;
            case Decision.Answer:
                length = DnsMessageWriter.WriteAnswer(query!, entry!.Packed, entry.NextFirst(), _ttlSeconds, maxLength, response);
                Count((response[2] & 0x02) != 0 ? DnsQueryOutcome.Truncated : DnsQueryOutcome.Answered);
                return length;
            case Decision.NoData:
                Count(DnsQueryOutcome.NoData);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.NoError, authoritative: true, response);
            case Decision.Unavailable:
                Count(DnsQueryOutcome.Unavailable);
                return DnsMessageWriter.WriteAnswer(query!, _unavailable, 0, 0, maxLength, response);
            case Decision.NameError:
                Count(DnsQueryOutcome.NameError);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.NameError, authoritative: true, response);
            case Decision.Refuse:
                Count(DnsQueryOutcome.Refused);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.Refused, authoritative: false, response);
            case Decision.NoUpstream:
                Count(DnsQueryOutcome.NoUpstream);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.Refused, authoritative: false, response);
            case Decision.BadVersion:
                Count(DnsQueryOutcome.Unsupported);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.BadVersion, authoritative: false, response);
            case Decision.NotImplemented:
                Count(DnsQueryOutcome.Unsupported);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.NotImplemented, authoritative: false, response);
            default:
                Count(DnsQueryOutcome.Unsupported);
                return DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.FormatError, authoritative: false, response);
        }
    }

    private void StartForward(byte[] packet, DnsQuery query, IPEndPoint client, bool overTcp) =>
        Track(ForwardToUdpClientAsync(packet, query, client, overTcp));

    private async Task ForwardToUdpClientAsync(byte[] packet, DnsQuery query, IPEndPoint client, bool overTcp)
    {
        var response = await ForwardOrFailAsync(packet, query, client, overTcp);
        try
        {
            await _udp.SendToAsync(response, SocketFlags.None, client, _stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The server stops.
        }
        catch (SocketException ex)
        {
            LogSendFailed(client, ex.SocketErrorCode);
        }
    }

    /// <summary>The upstream's response to <paramref name="packet"/>, or SERVFAIL when none answers in time.</summary>
    private async Task<ReadOnlyMemory<byte>> ForwardOrFailAsync(byte[] packet, DnsQuery query, IPEndPoint client, bool overTcp)
    {
        if (Interlocked.Increment(ref _forwards) > _options.MaxConcurrentForwards)
        {
            Interlocked.Decrement(ref _forwards);
            LogForwardLimit(_options.MaxConcurrentForwards, query.Name);
            Count(DnsQueryOutcome.Overloaded);
            return Failure(query);
        }
        var started = _time.GetTimestamp();
        try
        {
            var response = await ForwardAsync(packet, query, overTcp);
            _metrics?.Forwarded(_options.Name, _time.GetElapsedTime(started));
            if (response is null)
            {
                LogUpstreamTimeout(query.Name, client, _options.ForwardTimeout);
                Count(DnsQueryOutcome.UpstreamFailed);
                return Failure(query);
            }
            Count(DnsQueryOutcome.Forwarded);
            return response;
        }
        finally
        {
            Interlocked.Decrement(ref _forwards);
        }

        static byte[] Failure(DnsQuery query)
        {
            var response = new byte[DnsMessageWriter.MaxUdpLength];
            return response[..DnsMessageWriter.WriteEmpty(query, DnsResponseCode.ServerFailure, authoritative: false, response)];
        }
    }

    /// <summary>
    /// Tries the upstreams in order, each with an equal share of what is left of the forward timeout, over UDP
    /// (and TCP again when a TCP client's answer came back truncated). Null when none answered.
    /// </summary>
    private async Task<byte[]?> ForwardAsync(byte[] packet, DnsQuery query, bool overTcp)
    {
        var upstreams = _options.Upstreams;
        var started = _time.GetTimestamp();
        for (var i = 0; i < upstreams.Count; i++)
        {
            var left = _options.ForwardTimeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }
            var upstream = upstreams[i];
            using var attempt = new CancellationTokenSource(left / (upstreams.Count - i), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, _stopping.Token);
            try
            {
                var response = await AskUdpAsync(upstream, packet, query.Id, linked.Token);
                if (overTcp && (response[2] & 0x02) != 0)
                {
                    response = await AskTcpAsync(upstream, packet, linked.Token);
                }
                return response;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                LogUpstreamFailed(upstream, query.Name, "no answer in time");
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                LogUpstreamFailed(upstream, query.Name, ex.Message);
            }
        }
        return null;
    }

    private static async Task<byte[]> AskUdpAsync(IPEndPoint upstream, byte[] packet, ushort id, CancellationToken cancellationToken)
    {
        // A socket per query: a fresh random source port, and connect() so only the upstream's datagrams arrive.
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(upstream, cancellationToken);
        await socket.SendAsync(packet, SocketFlags.None, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageLength);
        try
        {
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (length >= DnsMessageReader.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id
                    && (buffer[2] & 0x80) != 0)
                {
                    return buffer[..length];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<byte[]> AskTcpAsync(IPEndPoint upstream, byte[] packet, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(upstream, cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
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

    private void Track(Task exchange)
    {
        var id = Interlocked.Increment(ref _exchangeIds);
        _exchanges[id] = exchange;
        exchange.ContinueWith((done, state) =>
            {
                var (exchanges, key, server) = ((ConcurrentDictionary<long, Task>, long, ServiceDnsServer))state!;
                exchanges.TryRemove(key, out _);
                if (done.Exception is { } ex)
                {
                    server.LogUnexpected(ex.GetBaseException());
                }
            }, (_exchanges, id, this), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Count(DnsQueryOutcome outcome)
    {
        Interlocked.Increment(ref _counts[(int)outcome]);
        _metrics?.Count(_options.Name, outcome);
    }

    private enum Decision
    {
        Drop,
        Refuse,
        FormatError,
        NotImplemented,
        BadVersion,
        Answer,
        NoData,
        NameError,
        Unavailable,
        NoUpstream,
        Forward,
    }
}
