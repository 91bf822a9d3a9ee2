using System.Text;
using Codemason.Controller.Git;

namespace Codemason.Controller.Tests.Git;

public sealed class CgiResponseHeadTests
{
    [Test]
    public void TryParse_StatusAndHeaders_ReadsThemAndWhereTheBodyStarts()
    {
        var bytes = Encoding.ASCII.GetBytes("Status: 404 Not Found\r\nContent-Type: text/plain\r\nExpires: Fri, 01 Jan 1980 00:00:00 GMT\r\n\r\nbody");

        var head = CgiResponseHead.TryParse(bytes)!;

        Assert.Multiple(() =>
        {
            Assert.That(head.StatusCode, Is.EqualTo(404));
            Assert.That(head.Headers.Select(h => h.Key), Is.EqualTo(new[] { "Content-Type", "Expires" }));
            Assert.That(head.Headers[1].Value, Is.EqualTo("Fri, 01 Jan 1980 00:00:00 GMT"));
            Assert.That(Encoding.ASCII.GetString(bytes, head.Length, bytes.Length - head.Length), Is.EqualTo("body"));
        });
    }

    [Test]
    public void TryParse_BareNewlinesWithoutStatus_Is200()
    {
        var bytes = "Content-Type: application/x-git-upload-pack-advertisement\n\n001e"u8.ToArray();

        var head = CgiResponseHead.TryParse(bytes)!;

        Assert.Multiple(() =>
        {
            Assert.That(head.StatusCode, Is.EqualTo(200));
            Assert.That(bytes[head.Length..], Is.EqualTo("001e"u8.ToArray()));
        });
    }

    [Test]
    public void TryParse_Incomplete_IsNullUntilTheBlankLine()
    {
        Assert.That(CgiResponseHead.TryParse("Status: 200 OK\r\nContent-Type: x\r\n"u8), Is.Null);
    }

    [TestCase("Status: teapot\r\n\r\n")]
    [TestCase("no colon here\r\n\r\n")]
    public void TryParse_Malformed_Throws(string head)
    {
        Assert.Throws<FormatException>(() => CgiResponseHead.TryParse(Encoding.ASCII.GetBytes(head)));
    }
}
