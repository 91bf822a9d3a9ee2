using System.Net;

namespace Codemason.Discovery.Tests;

public sealed class ResolvConfTests
{
    [Test]
    public void Parse_NameserverLines_SkipsLoopbackCommentsAndDuplicates()
    {
        const string Text = """
            # generated
            search corp.example
            nameserver 127.0.0.53
            nameserver 10.1.0.2 # primary
            ;nameserver 10.9.9.9
            nameserver	192.0.2.1
            nameserver ::1
            nameserver 2001:db8::1
            nameserver 10.1.0.2
            nameserver not-an-address
            options edns0
            """;

        var upstreams = ResolvConf.Parse(Text);

        Assert.That(upstreams, Is.EqualTo(new[]
        {
            new IPEndPoint(IPAddress.Parse("10.1.0.2"), 53),
            new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53),
            new IPEndPoint(IPAddress.Parse("2001:db8::1"), 53),
        }));
    }

    [Test]
    public void ReadFirst_FirstOnlyLoopback_FallsBackToNextFile()
    {
        var directory = Directory.CreateTempSubdirectory("codemason-resolv");
        try
        {
            var stub = Path.Combine(directory.FullName, "stub.conf");
            var real = Path.Combine(directory.FullName, "real.conf");
            File.WriteAllText(stub, "nameserver 127.0.0.53\n");
            File.WriteAllText(real, "nameserver 10.1.0.2\n");

            var upstreams = ResolvConf.ReadFirst([Path.Combine(directory.FullName, "missing.conf"), stub, real]);

            Assert.That(upstreams, Is.EqualTo(new[] { new IPEndPoint(IPAddress.Parse("10.1.0.2"), 53) }));
            Assert.That(ResolvConf.ReadFirst([stub]), Is.Empty);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
