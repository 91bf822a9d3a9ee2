namespace Codemason.Identity.Tests;

public sealed class NameRulesTests
{
    [TestCase("web", true)]
    [TestCase("Web.2_a-b", true)]
    [TestCase("9lives", true)]
    [TestCase("_web", false)]
    [TestCase(".web", false)]
    [TestCase("-web", false)]
    [TestCase("we b", false)]
    [TestCase("we/b", false)]
    [TestCase("we#b", false)]
    [TestCase("wéb", false)]
    [TestCase("", false)]
    public void IsName_Text_FollowsMasonJsonRule(string name, bool expected) =>
        Assert.That(NameRules.IsName(name), Is.EqualTo(expected));

    [TestCase("production", true)]
    [TestCase("eu-1", true)]
    [TestCase("1", true)]
    [TestCase("Production", false)]
    [TestCase("-prod", false)]
    [TestCase("prod-", false)]
    [TestCase("prod_1", false)]
    [TestCase("prod.1", false)]
    [TestCase("", false)]
    public void IsEnvironmentName_Text_FollowsApiRule(string name, bool expected) =>
        Assert.That(NameRules.IsEnvironmentName(name), Is.EqualTo(expected));

    [Test]
    public void IsName_Length_AtMost63() =>
        Assert.That((NameRules.IsName(new string('a', 63)), NameRules.IsName(new string('a', 64))), Is.EqualTo((true, false)));

    [Test]
    public void IsEnvironmentName_Length_AtMost63() =>
        Assert.That((NameRules.IsEnvironmentName(new string('a', 63)), NameRules.IsEnvironmentName(new string('a', 64))), Is.EqualTo((true, false)));
}
