using Codemason.Controller.Git;

namespace Codemason.Controller.Tests.Git;

public sealed class HookPushTests
{
    private const string Old = "0000000000000000000000000000000000000000";
    private const string New = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    [Test]
    public void Parse_HookLines_UpdatesAndAbsoluteQuarantinePaths()
    {
        var push = HookPush.Parse(
        [
            "pwd /data/git/staging/shop.git",
            "quarantine /data/git/staging/shop.git/objects/tmp_objdir-incoming-1",
            "objects ./objects/tmp_objdir-incoming-1",
            "alternates ./objects:/shared/objects",
            $"update {Old} {New} refs/heads/main",
        ])!;

        Assert.Multiple(() =>
        {
            Assert.That(push.Updates, Is.EqualTo(new[] { new GitRefUpdate(Old, New, "refs/heads/main") }));
            Assert.That(push.Updates[0].IsCreate, Is.True);
            Assert.That(push.Updates[0].Branch, Is.EqualTo("main"));
            Assert.That(push.GitEnvironment["GIT_OBJECT_DIRECTORY"], Is.EqualTo("/data/git/staging/shop.git/objects/tmp_objdir-incoming-1"));
            Assert.That(push.GitEnvironment["GIT_ALTERNATE_OBJECT_DIRECTORIES"], Is.EqualTo("/data/git/staging/shop.git/objects:/shared/objects"));
            Assert.That(push.GitEnvironment["GIT_QUARANTINE_PATH"], Is.EqualTo("/data/git/staging/shop.git/objects/tmp_objdir-incoming-1"));
        });
    }

    [Test]
    public void Parse_EmptyQuarantine_LeavesTheVariableOut()
    {
        var push = HookPush.Parse(["pwd /r", "quarantine ", "objects ", "alternates ", $"update {New} {Old} refs/heads/gone"])!;

        Assert.Multiple(() =>
        {
            Assert.That(push.GitEnvironment, Is.Empty);
            Assert.That(push.Updates.Single().IsDelete, Is.True);
        });
    }

    [TestCase("pwd relative/path")]
    [TestCase("update not-an-id " + New + " refs/heads/main")]
    [TestCase("update " + Old + " " + New + " HEAD")]
    [TestCase("something else")]
    public void Parse_LineNoHookOfOursWrites_IsNull(string line)
    {
        Assert.That(HookPush.Parse(["pwd /r", line]), Is.Null);
    }
}
