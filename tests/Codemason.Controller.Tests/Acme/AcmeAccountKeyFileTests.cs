using Codemason.Controller.Acme;

namespace Codemason.Controller.Tests.Acme;

public sealed class AcmeAccountKeyFileTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Directory.CreateTempSubdirectory("codemason-acme-key-").FullName, "data");

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    [Test]
    public void LoadOrCreate_Twice_SameKeyFromAnOwnerOnlyFile()
    {
        using var first = AcmeAccountKeyFile.LoadOrCreate(_directory);
        using var second = AcmeAccountKeyFile.LoadOrCreate(_directory);

        var path = Path.Combine(_directory, AcmeOptions.AccountKeyFileName);
        Assert.Multiple(() =>
        {
            Assert.That(second.Thumbprint, Is.EqualTo(first.Thumbprint));
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }
}
