using Codemason.Compose.Interpolation;

namespace Codemason.Compose.Tests.Interpolation;

[CancelAfter(5000)]
public class InterpolatorTests
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["TAG"] = "1.2",
        ["EMPTY"] = "",
        ["HOST"] = "db",
    };

    private static Interpolator.Result Run(string text) => Interpolator.Interpolate(text, Variables.GetValueOrDefault);

    [TestCase("nginx:$TAG", "nginx:1.2")]
    [TestCase("nginx:${TAG}", "nginx:1.2")]
    [TestCase("${MISSING:-fallback}", "fallback")]
    [TestCase("${EMPTY:-fallback}", "fallback")]
    [TestCase("${EMPTY-fallback}", "")]
    [TestCase("${MISSING-fallback}", "fallback")]
    [TestCase("${TAG:+set}", "set")]
    [TestCase("${EMPTY:+set}", "")]
    [TestCase("${EMPTY+set}", "set")]
    [TestCase("${MISSING:-${HOST}:5432}", "db:5432")]
    [TestCase("price $$5 and $${TAG}", "price $5 and ${TAG}")]
    [TestCase("$TAG.x-$HOST_", "1.2.x-")]
    [TestCase("no variables", "no variables")]
    public void Interpolate_Forms_GiveComposesValue(string text, string expected)
    {
        var result = Run(text);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Value, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Interpolate_UnsetWithoutDefault_IsEmptyAndReported()
    {
        var result = Run("${NOPE}/$NOPE");

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo("/"));
            Assert.That(result.Unset, Is.EqualTo(new[] { "NOPE" }));
        });
    }

    [TestCase("${MISSING:?set it}", "required variable MISSING is missing a value: set it")]
    [TestCase("${EMPTY:?}", "required variable EMPTY is missing a value")]
    [TestCase("${MISSING?no ${HOST}}", "required variable MISSING is missing a value: no db")]
    public void Interpolate_RequiredWithoutValue_IsAnError(string text, string error)
    {
        Assert.That(Run(text).Error, Is.EqualTo(error));
    }

    [Test]
    public void Interpolate_RequiredEmptyWithoutColon_IsAccepted()
    {
        Assert.That(Run("${EMPTY?set it}").Value, Is.EqualTo(string.Empty));
    }

    [TestCase("${TAG")]
    [TestCase("${}")]
    [TestCase("${TAG:x}")]
    [TestCase("cost $5")]
    [TestCase("trailing $")]
    public void Interpolate_Malformed_IsAnError(string text)
    {
        var result = Run(text);

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.Null);
            Assert.That(result.Error, Is.Not.Null.And.Not.Empty);
        });
    }
}
