using Codemason.Controller.Builds;

namespace Codemason.Controller.Tests.Builds;

public sealed class BuildLogTests
{
    private string _path = null!;

    [SetUp]
    public void SetUp() => _path = Path.Combine(Path.GetTempPath(), $"build-log-{Guid.NewGuid():N}.log");

    [TearDown]
    public void TearDown() => File.Delete(_path);

    [Test]
    [CancelAfter(5_000)]
    public async Task FollowAsync_LinesBeforeAndAfter_EveryLineOnceThenEnds(CancellationToken cancellationToken)
    {
        using var log = new BuildLog(1, _path, []);
        log.Append("one");
        var followed = Collect(log, cancellationToken);

        log.Append("two");
        log.Complete();

        Assert.That(await followed, Is.EqualTo(new[] { "one", "two" }));
        Assert.That(await File.ReadAllLinesAsync(_path, cancellationToken), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Append_SecretValue_MaskedInMemoryAndFile()
    {
        using (var log = new BuildLog(1, _path, ["s3cr3t-value", "abc"]))
        {
            log.Append("token=s3cr3t-value abc");
        }

        Assert.That(File.ReadAllText(_path).Trim(), Is.EqualTo("token=**** abc"), "values under 4 characters are too common to mask");
    }

    private static async Task<List<string>> Collect(BuildLog log, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await foreach (var line in log.FollowAsync(cancellationToken))
        {
            lines.Add(line);
        }
        return lines;
    }
}
