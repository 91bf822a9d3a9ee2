using System.Net;
using Codemason.Edge.Hosting;

namespace Codemason.Edge.Tests.Hosting;

public sealed class EdgeCommandLineTests
{
    [Test]
    public void Parse_AllOptions_AreRead()
    {
        var options = EdgeCommandLine.Parse(
            ["--config-dir", Path.GetTempPath(), "--address", "10.0.0.1", "--http-port", "8080", "--https-port", "8443",
             "--extra-http-port", "81", "--extra-https-port=9443", "--metrics", "0.0.0.0:9999"],
            out var error);

        Assert.That(error, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(options!.Address, Is.EqualTo(IPAddress.Parse("10.0.0.1")));
            Assert.That(options.HttpPorts, Is.EqualTo(new[] { 8080, 81 }));
            Assert.That(options.HttpsPorts, Is.EqualTo(new[] { 8443, 9443 }));
            Assert.That(options.MetricsEndpoint, Is.EqualTo(IPEndPoint.Parse("0.0.0.0:9999")));
        });
    }

    [Test]
    public void Parse_ExtraPortFlagWithSeveralPorts_TakesThemAll()
    {
        var options = EdgeCommandLine.Parse(
            ["--config-dir", Path.GetTempPath(), "--extra-http-port", "81", "82", "--extra-http-port", "83", "--extra-https-port", "8443", "9443"],
            out var error);

        Assert.That(error, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(options!.HttpPorts, Is.EqualTo(new[] { 80, 81, 82, 83 }));
            Assert.That(options.HttpsPorts, Is.EqualTo(new[] { 443, 8443, 9443 }));
        });
    }

    [Test]
    public void Parse_Defaults_Are80And443AndLoopbackMetrics()
    {
        var options = EdgeCommandLine.Parse(["--config-dir", Path.GetTempPath()], out _);

        Assert.Multiple(() =>
        {
            Assert.That(options!.Address, Is.EqualTo(IPAddress.Any));
            Assert.That(options.HttpPorts, Is.EqualTo(new[] { 80 }));
            Assert.That(options.HttpsPorts, Is.EqualTo(new[] { 443 }));
            Assert.That(options.MetricsEndpoint, Is.EqualTo(IPEndPoint.Parse("127.0.0.1:9180")));
        });
    }

    [TestCase(new[] { "--http-port", "80" }, "--config-dir is required")]
    [TestCase(new[] { "--config-dir", "/nonexistent/dir" }, "is not a directory")]
    [TestCase(new[] { "--config-dir", "/tmp", "--http-port", "x" }, "--http-port: 'x' is not valid")]
    [TestCase(new[] { "--config-dir", "/tmp", "--bogus", "1" }, "unknown option --bogus")]
    [TestCase(new[] { "--config-dir", "/tmp", "--metrics", "9180" }, "--metrics: '9180' is not valid")]
    [TestCase(new[] { "--config-dir", "/tmp", "--https-port", "80" }, "port 80 is given twice")]
    [TestCase(new[] { "--config-dir" }, "--config-dir needs a value")]
    public void Parse_BadArguments_IsOneLineError(string[] args, string expected)
    {
        var options = EdgeCommandLine.Parse(args, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(options, Is.Null);
            Assert.That(error, Does.Contain(expected));
            Assert.That(error, Does.Not.Contain('\n'));
        });
    }
}
