using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Tests.Syntax;

[TestFixture]
public sealed class MasonPathTests
{
    [Test]
    public void ToString_PropertiesAndIndexes_DottedWithBrackets()
    {
        var path = MasonPath.Root.Property("services").Index(1).Property("ports").Index(0);

        Assert.That(path.ToString(), Is.EqualTo("services[1].ports[0]"));
    }

    [Test]
    public void ToString_NameWithDots_Quoted()
    {
        var path = MasonPath.Root.Property("labels").Property("com.example.tier");

        Assert.That(path.ToString(), Is.EqualTo("labels[\"com.example.tier\"]"));
    }

    [Test]
    public void ToString_Root_Empty() => Assert.That(MasonPath.Root.ToString(), Is.Empty);
}
