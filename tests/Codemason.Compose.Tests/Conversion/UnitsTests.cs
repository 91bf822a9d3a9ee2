using Codemason.Compose.Conversion;

namespace Codemason.Compose.Tests.Conversion;

[CancelAfter(5000)]
public class UnitsTests
{
    [TestCase("30s", "30s")]
    [TestCase("1m30s", "1m30s")]
    [TestCase("90s", "1m30s")]
    [TestCase("1.5s", "1s500ms")]
    [TestCase("500ms", "500ms")]
    [TestCase("2h", "2h")]
    [TestCase("10us", "1ms")]
    [TestCase("0", "0s")]
    [TestCase("0s", "0s")]
    public void ToMason_GoDurations_BecomeMasonDurations(string text, string expected)
    {
        Assert.That(GoDuration.ToMason(text), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("30")]
    [TestCase("5 minutes")]
    [TestCase("1d")]
    public void ToMason_NotADuration_IsNull(string text)
    {
        Assert.That(GoDuration.ToMason(text), Is.Null);
    }

    [TestCase("512m", 512L * 1024 * 1024)]
    [TestCase("512M", 512L * 1024 * 1024)]
    [TestCase("1g", 1024L * 1024 * 1024)]
    [TestCase("1.5gb", 1536L * 1024 * 1024)]
    [TestCase("100k", 102400L)]
    [TestCase("1048576", 1048576L)]
    public void Parse_ByteSizes_AreBytes(string text, long bytes)
    {
        Assert.That(ByteSize.Parse(text), Is.EqualTo(bytes));
    }

    [TestCase("lots")]
    [TestCase("12q")]
    public void Parse_NotASize_IsNull(string text)
    {
        Assert.That(ByteSize.Parse(text), Is.Null);
    }

    [TestCase("My Shop", "myshop")]
    [TestCase("_tmp.Project-1", "tmpproject-1")]
    [TestCase("web_app", "web_app")]
    public void Normalise_FolderNames_FollowComposesProjectNameRule(string folder, string expected)
    {
        Assert.That(ProjectName.Normalise(folder), Is.EqualTo(expected));
    }
}
