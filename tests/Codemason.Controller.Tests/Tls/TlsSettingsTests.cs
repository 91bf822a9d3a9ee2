using System.Net;
using Codemason.Controller.Tls;

namespace Codemason.Controller.Tests.Tls;

public sealed class TlsSettingsTests
{
    [TestCase(null, TlsMode.Auto)]
    [TestCase("", TlsMode.Auto)]
    [TestCase("auto", TlsMode.Auto)]
    [TestCase("ON", TlsMode.On)]
    [TestCase("off", TlsMode.Off)]
    public void TryParseMode_KnownWords_GiveTheMode(string? text, TlsMode expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(TlsSettings.TryParseMode(text, out var mode), Is.True);
            Assert.That(mode, Is.EqualTo(expected));
        });
    }

    [Test]
    public void TryParseMode_OtherWord_Fails() => Assert.That(TlsSettings.TryParseMode("yes please", out _), Is.False);

    [TestCase(TlsMode.Auto, false, "127.0.0.1", false)]
    [TestCase(TlsMode.Auto, false, "::1", false)]
    [TestCase(TlsMode.Auto, false, "0.0.0.0", true)]
    [TestCase(TlsMode.Auto, false, "10.0.0.5", true)]
    [TestCase(TlsMode.Auto, true, "127.0.0.1", true)]
    [TestCase(TlsMode.On, false, "127.0.0.1", true)]
    [TestCase(TlsMode.Off, false, "0.0.0.0", false)]
    public void IsEnabled_ModeAndAddress_DecideTls(TlsMode mode, bool https, string address, bool expected) =>
        Assert.That(TlsSettings.IsEnabled(mode, https, IPAddress.Parse(address)), Is.EqualTo(expected));

    [Test]
    public void ParseSubjectAlternativeNames_ReportsEveryBadEntry()
    {
        var errors = new List<string>();
        var names = TlsSettings.ParseSubjectAlternativeNames("mason.example.com, 10.0.0.5 ,[fd00::1],bad name,also/bad", errors);
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(new[] { "mason.example.com", "10.0.0.5", "fd00::1" }));
            Assert.That(errors, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void ServerNames_DefaultsHostListenAddressAndExtras_WithoutDuplicates()
    {
        var names = TlsSettings.ServerNames("ctl-1", IPAddress.Parse("10.0.0.5"), ["mason.example.com", "LOCALHOST", "10.0.0.5"]);
        Assert.That(names, Is.EqualTo(new[] { "localhost", "127.0.0.1", "::1", "ctl-1", "10.0.0.5", "mason.example.com" }));
    }

    [Test]
    public void ServerNames_WildcardListenAddress_IsLeftOut()
    {
        Assert.That(TlsSettings.ServerNames("ctl-1", IPAddress.Any, []), Is.EqualTo(new[] { "localhost", "127.0.0.1", "::1", "ctl-1" }));
    }
}
