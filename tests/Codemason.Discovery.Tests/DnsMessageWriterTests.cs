using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

public sealed class DnsMessageWriterTests
{
    [Test]
    public void WriteAnswer_TwoAddresses_HeaderFlagsQuestionAndPointerRecords()
    {
        DnsMessageReader.TryReadQuery(Query("Web", id: 7), out var query);
        var response = new byte[512];

        var length = DnsMessageWriter.WriteAnswer(query!, [10, 0, 0, 2, 10, 0, 0, 3], first: 1, ttlSeconds: 1, 512, response);

        Assert.That(Convert.ToHexString(response[..length]), Is.EqualTo(
            "0007" + "8580" + "0001" + "0002" + "0000" + "0000" // id; QR AA RD RA NOERROR; 1 question, 2 answers
            + "03576562" + "00" + "0001" + "0001"                // Web, A, IN as asked
            + "C00C" + "0001" + "0001" + "00000001" + "0004" + "0A000003"
            + "C00C" + "0001" + "0001" + "00000001" + "0004" + "0A000002"));
    }

    [Test]
    public void WriteAnswer_EdnsQuery_EndsWithOptRecordCountedInAdditional()
    {
        DnsMessageReader.TryReadQuery(Query("web", id: 7, ednsUdpPayloadSize: 4096), out var query);
        var response = new byte[1232];

        var length = DnsMessageWriter.WriteAnswer(query!, [10, 0, 0, 2], first: 0, ttlSeconds: 1, 1232, response);

        Assert.That(AdditionalCount(response), Is.EqualTo(1));
        Assert.That(Convert.ToHexString(response[(length - 11)..length]), Is.EqualTo("00" + "0029" + "04D0" + "00000000" + "0000"));
    }

    [Test]
    public void WriteEmpty_BadVersion_ExtendedRcodeInOpt()
    {
        DnsMessageReader.TryReadQuery(Query("web", ednsUdpPayloadSize: 1232), out var query);
        var response = new byte[512];

        var length = DnsMessageWriter.WriteEmpty(query!, DnsResponseCode.BadVersion, authoritative: false, response);

        Assert.That(ResponseCode(response), Is.Zero);
        Assert.That(response[length - 6], Is.EqualTo(1), "extended RCODE 1: 16 = BADVERS");
    }

    [Test]
    public void WriteAnswer_MoreThanFitIn512_AsManyAsFitAndTruncated()
    {
        DnsMessageReader.TryReadQuery(Query("web"), out var query);
        var addresses = new byte[100 * 4];
        var response = new byte[512];

        var length = DnsMessageWriter.WriteAnswer(query!, addresses, 0, 1, 512, response);

        Assert.That(length, Is.LessThanOrEqualTo(512));
        Assert.That(Truncated(response), Is.True);
        Assert.That(AnswerCount(response), Is.EqualTo((512 - 12 - 9) / 16));
    }

    [Test]
    public void WriteEmpty_RecursionNotDesired_RdClearRaSetRcode()
    {
        var query = Query("web");
        query[2] = 0;
        DnsMessageReader.TryReadQuery(query, out var read);
        var response = new byte[512];

        DnsMessageWriter.WriteEmpty(read!, DnsResponseCode.NameError, authoritative: true, response);

        Assert.That(response[2], Is.EqualTo(0x84));
        Assert.That(response[3], Is.EqualTo(0x83));
    }
}
