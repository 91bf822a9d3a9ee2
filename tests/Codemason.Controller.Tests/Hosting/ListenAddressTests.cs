using System.Net;
using Codemason.Controller.Hosting;

namespace Codemason.Controller.Tests.Hosting;

public sealed class ListenAddressTests
{
    [TestCase("http://127.0.0.1:7400", "127.0.0.1:7400")]
    [TestCase("http://localhost:0", "127.0.0.1:0")]
    [TestCase("http://[::1]:9000", "[::1]:9000")]
    [TestCase("http://0.0.0.0:7400", "0.0.0.0:7400")]
    [TestCase("https://127.0.0.1:7400", "127.0.0.1:7400")]
    public void TryParse_ValidUrl_GivesTheEndpoint(string url, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ListenAddress.TryParse(url, out var endpoint, out _), Is.True);
            Assert.That(endpoint, Is.EqualTo(IPEndPoint.Parse(expected)));
        });
    }

    [TestCase("ftp://127.0.0.1:7400", "https://host:port")]
    [TestCase("http://example.com:7400", "IP address")]
    [TestCase("http://127.0.0.1:7400/api", "path")]
    [TestCase("7400", "http://")]
    public void TryParse_InvalidUrl_SaysWhy(string url, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ListenAddress.TryParse(url, out _, out var error), Is.False);
            Assert.That(error, Does.Contain(reason));
        });
    }
}
