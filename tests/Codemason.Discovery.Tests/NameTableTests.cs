using System.Net;
using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

public sealed class NameTableTests
{
    [Test]
    public void TryGetAddresses_OtherCaseAndTrailingDot_Found()
    {
        var table = Table(("Web", ["10.0.0.2"]));

        Assert.That(table.TryGetAddresses("WEB.", out var addresses), Is.True);
        Assert.That(addresses, Is.EqualTo(new[] { IPAddress.Parse("10.0.0.2") }));
        Assert.That(table.TryGetAddresses("web", out _), Is.True);
        Assert.That(table.TryGetAddresses("web.other", out _), Is.False);
    }

    [Test]
    public void Constructor_SameNameTwice_AddressesMergedWithoutDuplicates()
    {
        var table = Table(("db", ["10.0.0.2", "10.0.0.3"]), ("DB.", ["10.0.0.3", "10.0.0.4"]));

        table.TryGetAddresses("db", out var addresses);
        Assert.That(addresses.Select(a => a.ToString()), Is.EqualTo(new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4" }));
        Assert.That(table.Count, Is.EqualTo(1));
    }

    [Test]
    public void Constructor_NameWithoutAddresses_KnownWithEmptyList()
    {
        var table = Table(("worker", []));

        Assert.That(table.TryGetAddresses("worker", out var addresses), Is.True);
        Assert.That(addresses, Is.Empty);
    }

    [Test]
    public void Constructor_InvalidNamesAndIpv6_ReportsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => Table(("", ["10.0.0.1"]), ("a..b", []), (new string('x', 64), []),
            ("v6", ["fd00::1"])));

        Assert.That(ex!.Message, Does.Contain("''").And.Contain("'a..b'").And.Contain("xxxx").And.Contain("fd00::1 is not an IPv4 address"));
    }
}
