using Codemason.Testing;
using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

public sealed class DnsMessageReaderTests
{
    [Test]
    public void TryReadQuery_StandardQuery_ReadsHeaderAndQuestion()
    {
        var status = DnsMessageReader.TryReadQuery(Query("Web.App", DnsRecordType.Aaaa, id: 0xBEEF), out var query);

        Assert.That(status, Is.EqualTo(DnsReadStatus.Query));
        Assert.That(query!.Id, Is.EqualTo(0xBEEF));
        Assert.That(query.RecursionDesired, Is.True);
        Assert.That(query.Name, Is.EqualTo("Web.App"));
        Assert.That(query.IsPlainName, Is.True);
        Assert.That(query.Type, Is.EqualTo(DnsRecordType.Aaaa));
        Assert.That(query.Class, Is.EqualTo(DnsRecordType.ClassInternet));
    }

    [Test]
    public void TryReadQuery_OptRecord_ReadsPayloadSizeAndVersion()
    {
        var packet = Query("web", ednsUdpPayloadSize: 4096);
        packet[^5] = 1;

        DnsMessageReader.TryReadQuery(packet, out var query);
        DnsMessageReader.TryReadQuery(Query("web"), out var plain);

        Assert.That(query!.HasEdns, Is.True);
        Assert.That(query.EdnsUdpPayloadSize, Is.EqualTo(4096));
        Assert.That(query.EdnsVersion, Is.EqualTo(1));
        Assert.That(plain!.HasEdns, Is.False);
    }

    [Test]
    public void TryReadQuery_UnreadableAdditionalSection_AnsweredWithoutEdns()
    {
        var packet = Query("web", ednsUdpPayloadSize: 4096)[..^3];

        Assert.That(DnsMessageReader.TryReadQuery(packet, out var query), Is.EqualTo(DnsReadStatus.Query));
        Assert.That(query!.HasEdns, Is.False);
    }

    [Test]
    public void TryReadQuery_ShorterThanHeaderOrResponse_Malformed()
    {
        var response = Query("web");
        response[2] |= 0x80;

        Assert.That(DnsMessageReader.TryReadQuery(new byte[11], out _), Is.EqualTo(DnsReadStatus.Malformed));
        Assert.That(DnsMessageReader.TryReadQuery(response, out _), Is.EqualTo(DnsReadStatus.Malformed));
    }

    [Test]
    public void TryReadQuery_NoOrTwoQuestions_FormatError()
    {
        var none = Query("web");
        none[5] = 0;
        var two = Query("web");
        two[5] = 2;

        Assert.That(DnsMessageReader.TryReadQuery(none, out var query), Is.EqualTo(DnsReadStatus.FormatError));
        Assert.That(query!.HasQuestion, Is.False);
        Assert.That(DnsMessageReader.TryReadQuery(two, out _), Is.EqualTo(DnsReadStatus.FormatError));
    }

    [Test]
    public void TryReadQuery_NotAStandardQuery_NotImplemented()
    {
        var status = Query("web");
        status[2] |= 2 << 3;

        Assert.That(DnsMessageReader.TryReadQuery(status, out _), Is.EqualTo(DnsReadStatus.NotImplemented));
    }

    [Test]
    public void TryReadQuery_CutInsideNameOrType_FormatError()
    {
        var query = Query("service");

        Assert.That(DnsMessageReader.TryReadQuery(query.AsSpan(0, 15), out _), Is.EqualTo(DnsReadStatus.FormatError));
        Assert.That(DnsMessageReader.TryReadQuery(query.AsSpan(0, query.Length - 2), out _), Is.EqualTo(DnsReadStatus.FormatError));
    }

    [Test]
    public void TryReadQuery_PointerToItselfOrForward_FormatErrorWithoutLooping()
    {
        byte[] self = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        byte[] forward = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 14, 0, 0, 1, 0, 1];

        Assert.That(DnsMessageReader.TryReadQuery(self, out _), Is.EqualTo(DnsReadStatus.FormatError));
        Assert.That(DnsMessageReader.TryReadQuery(forward, out _), Is.EqualTo(DnsReadStatus.FormatError));
    }

    [Test]
    public void TryReadName_BackwardPointer_FollowedAndEndsAfterPointer()
    {
        // "db" at 0, then at 4 a name "x" followed by a pointer to "db".
        byte[] packet = [2, (byte)'d', (byte)'b', 0, 1, (byte)'x', 0xC0, 0, 0xFF];

        Assert.That(DnsMessageReader.TryReadName(packet, 4, out var wire, out var end), Is.True);
        Assert.That(wire, Is.EqualTo(new byte[] { 1, (byte)'x', 2, (byte)'d', (byte)'b', 0 }));
        Assert.That(end, Is.EqualTo(8));
    }

    [Test]
    public void TryReadQuery_ExtendedLabelTypeOrLongLabel_FormatError()
    {
        byte[] extended = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1];
        var longLabel = new byte[12 + 1 + 64 + 1 + 4];
        longLabel[5] = 1;
        longLabel[12] = 64;

        Assert.That(DnsMessageReader.TryReadQuery(extended, out _), Is.EqualTo(DnsReadStatus.FormatError));
        Assert.That(DnsMessageReader.TryReadQuery(longLabel, out _), Is.EqualTo(DnsReadStatus.FormatError));
    }

    [Test]
    public void TryReadQuery_DotOrSpaceInsideLabel_NotPlain()
    {
        byte[] dotted = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'a', (byte)'.', (byte)'b', 0, 0, 1, 0, 1];
        byte[] space = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'a', (byte)' ', (byte)'b', 0, 0, 1, 0, 1];

        DnsMessageReader.TryReadQuery(dotted, out var dottedQuery);
        DnsMessageReader.TryReadQuery(space, out var spaceQuery);

        Assert.That(dottedQuery!.IsPlainName, Is.False);
        Assert.That(spaceQuery!.IsPlainName, Is.False);
    }

    [Test]
    public void TryReadQuery_RandomAndMutatedBytes_NeverThrows()
    {
        var seed = FuzzBudget.Seed();
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var valid = Query("web.example");
        var deadline = DateTime.UtcNow + FuzzBudget.Duration(1);
        var runs = 0;
        while (DateTime.UtcNow < deadline)
        {
            var packet = random.Next(2) == 0 ? new byte[random.Next(0, 80)] : (byte[])valid.Clone();
            for (var i = 0; i < random.Next(1, 6) && packet.Length > 0; i++)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }
            if (packet.Length > 12 && random.Next(2) == 0)
            {
                packet[5] = 1;
                packet[2] &= 0x7F;
            }
            Assert.DoesNotThrow(() => DnsMessageReader.TryReadQuery(packet, out _), $"seed {seed}, packet {Convert.ToHexString(packet)}");
            runs++;
        }
        Assert.That(runs, Is.GreaterThan(1000));
    }
}
