using Codemason.Mortar.Normalisation;

namespace Codemason.Mortar.Tests.Normalisation;

[TestFixture]
public sealed class NameSuggestionTests
{
    private static readonly string[] Candidates = ["image", "environment", "ports", "maxPerNode"];

    [TestCase("enviroment", "environment")]
    [TestCase("IMAGE", "image")]
    [TestCase("maxPerNodes", "maxPerNode")]
    [TestCase("colour", null)]
    [TestCase("x", null)]
    [TestCase("port", "ports")]
    public void Closest_UnknownName_NearestAllowedOrNone(string name, string? expected)
    {
        Assert.That(NameSuggestion.Closest(name, Candidates), Is.EqualTo(expected));
    }
}
