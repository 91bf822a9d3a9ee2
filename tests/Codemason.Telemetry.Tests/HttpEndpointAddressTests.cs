using Codemason.Telemetry.Http;

namespace Codemason.Telemetry.Tests;

public class HttpEndpointAddressTests
{
    [TestCase("127.0.0.1:9464", "127.0.0.1:9464")]
    [TestCase("http://127.0.0.1:0", "127.0.0.1:0")]
    [TestCase("localhost:9100", "127.0.0.1:9100")]
    [TestCase("http://[::1]:9464", "[::1]:9464")]
    public void Parses_addresses(string text, string expected)
    {
        Assert.That(HttpEndpointAddress.TryParse(text, out var endpoint, out var error), Is.True, error);
        Assert.That(endpoint!.ToString(), Is.EqualTo(expected));
    }

    [TestCase("nonsense:x")]
    [TestCase("https://127.0.0.1:9464")]
    [TestCase("http://example.com:9464")]
    [TestCase("http://127.0.0.1:9464/metrics")]
    public void Rejects_what_it_cannot_listen_on(string text)
    {
        Assert.That(HttpEndpointAddress.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(text));
    }
}
