using Codemason.Cli.Config;
using Codemason.Cli.Errors;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.Config;

[CancelAfter(5000)]
public class ConfigStoreTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Save_NewFile_HasMode0600AndDirectory0700()
    {
        var store = new ConfigStore(_temp.Combine("codemason", "config.json"));

        store.Save(new CliConfig { Controller = "http://127.0.0.1:7070", Token = "secret" });

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(store.Path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(_temp.Combine("codemason")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        });
    }

    [Test]
    public void Save_ExistingWorldReadableFile_TightensModeTo0600()
    {
        var path = _temp.Write("config.json", "{}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var store = new ConfigStore(path);

        store.Save(new CliConfig { Token = "secret" });

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void Load_AfterSave_RoundTripsEveryField()
    {
        var store = new ConfigStore(_temp.Combine("config.json"));
        store.Save(new CliConfig { Controller = "http://10.0.0.1:7070", Token = "tok", Environment = "staging" });

        var loaded = store.Load();

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Controller, Is.EqualTo("http://10.0.0.1:7070"));
            Assert.That(loaded.Token, Is.EqualTo("tok"));
            Assert.That(loaded.Environment, Is.EqualTo("staging"));
        });
    }

    [Test]
    public void Load_MissingFile_ReturnsEmptyConfig()
    {
        var loaded = new ConfigStore(_temp.Combine("none.json")).Load();

        Assert.That(loaded.Controller, Is.Null);
    }

    [Test]
    public void Load_InvalidJson_ThrowsUserErrorNamingTheFile()
    {
        var path = _temp.Write("config.json", "{ not json");

        var error = Assert.Throws<UserErrorException>(() => new ConfigStore(path).Load());

        Assert.That(error!.Message, Does.Contain(path));
    }

    [Test]
    public void Save_WithoutToken_OmitsTheProperty()
    {
        var store = new ConfigStore(_temp.Combine("config.json"));

        store.Save(new CliConfig { Controller = "http://h:1" });

        Assert.That(File.ReadAllText(store.Path), Does.Not.Contain("token"));
    }
}
