using Codemason.Controller.Builds;

namespace Codemason.Controller.Tests.Builds;

public sealed class GitBranchNamesTests
{
    [TestCase("main")]
    [TestCase("release/2026-12")]
    [TestCase("feature_x.y")]
    public void IsValid_BranchesGitAccepts_True(string name) => Assert.That(GitBranchNames.IsValid(name), Is.True);

    [TestCase("")]
    [TestCase("-main")]
    [TestCase("a..b")]
    [TestCase("a b")]
    [TestCase("x.lock")]
    [TestCase("a/.hidden")]
    [TestCase("a:b")]
    [TestCase("@")]
    public void IsValid_NamesGitRefuses_False(string name) => Assert.That(GitBranchNames.IsValid(name), Is.False);
}
