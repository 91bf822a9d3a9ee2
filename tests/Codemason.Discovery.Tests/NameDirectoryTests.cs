using System.Net;
using System.Net.Sockets;
using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

/// <summary>One environment network, several apps: the same name answers each app's own service, by who asks.</summary>
public sealed class NameDirectoryTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task Query_SameNameFromTwoApps_EachGetsItsOwnService_OthersGetTheFallback(CancellationToken cancellationToken)
    {
        await using var server = Start(NameTable.Empty);
        server.Replace(new NameDirectory(
            new Dictionary<IPAddress, NameTable>
            {
                [IPAddress.Parse("127.0.0.2")] = Table(("web", ["10.0.0.2"])),
                [IPAddress.Parse("127.0.0.3")] = Table(("web", ["10.0.0.3"])),
            },
            Table(("web", ["10.0.0.9"]))));

        var fromShop = await AnswerAsync(server.LocalEndPoint, IPAddress.Parse("127.0.0.2"), cancellationToken);
        var fromBilling = await AnswerAsync(server.LocalEndPoint, IPAddress.Parse("127.0.0.3"), cancellationToken);
        var fromElsewhere = await AnswerAsync(server.LocalEndPoint, IPAddress.Loopback, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(fromShop, Is.EqualTo(IPAddress.Parse("10.0.0.2")));
            Assert.That(fromBilling, Is.EqualTo(IPAddress.Parse("10.0.0.3")));
            Assert.That(fromElsewhere, Is.EqualTo(IPAddress.Parse("10.0.0.9")));
            Assert.That(server.Directory.Clients, Is.EqualTo(2));
        });
    }

    [Test]
    public void For_AnIpv4MappedClient_FindsItsIpv4Table()
    {
        var shop = Table(("web", ["10.0.0.2"]));
        var directory = new NameDirectory(new Dictionary<IPAddress, NameTable> { [IPAddress.Parse("10.208.0.5")] = shop }, NameTable.Empty);

        Assert.That(directory.For(IPAddress.Parse("10.208.0.5").MapToIPv6()), Is.SameAs(shop));
    }

    /// <summary>Asks for "web" from <paramref name="source"/>; the one A record's address.</summary>
    private static async Task<IPAddress> AnswerAsync(IPEndPoint server, IPAddress source, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(server, cancellationToken);
        await socket.SendAsync(Query("web"), SocketFlags.None, cancellationToken);
        var buffer = new byte[512];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        // One answer, an A record: its last four bytes are the address.
        return new IPAddress(buffer.AsSpan(length - 4, 4));
    }
}
