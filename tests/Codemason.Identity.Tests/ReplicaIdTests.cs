namespace Codemason.Identity.Tests;

public sealed class ReplicaIdTests
{
    private static readonly AppKey Shop = new("production", "shop");

    [Test]
    public void Constructor_Parts_FormatsCanonicalText()
    {
        var id = new ReplicaId(Shop, "web", 12);

        Assert.Multiple(() =>
        {
            Assert.That(id.ToString(), Is.EqualTo("production/shop/web#12"));
            Assert.That(id.Value, Is.EqualTo("production/shop/web#12"));
            Assert.That(id.ShortName, Is.EqualTo("web#12"));
        });
    }

    [TestCase("production/shop/web#1")]
    [TestCase("production/shop/web#12")]
    [TestCase("prod-eu-1/My.App_2/db-primary#2147483647")]
    [TestCase("a/b/c#1")]
    public void Parse_CanonicalText_RoundTrips(string text)
    {
        var id = ReplicaId.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(id.ToString(), Is.EqualTo(text));
            Assert.That(new ReplicaId(id.App, id.Service, id.Index), Is.EqualTo(id));
            Assert.That(ReplicaId.TryParse(text, out var again), Is.True);
            Assert.That(again, Is.EqualTo(id));
        });
    }

    [Test]
    public void Parse_Text_ExposesParts()
    {
        var id = ReplicaId.Parse("production/shop/web#3");

        Assert.Multiple(() =>
        {
            Assert.That(id.App, Is.EqualTo(Shop));
            Assert.That(id.App.Environment, Is.EqualTo("production"));
            Assert.That(id.App.App, Is.EqualTo("shop"));
            Assert.That(id.Service, Is.EqualTo("web"));
            Assert.That(id.Index, Is.EqualTo(3));
        });
    }

    [TestCase("production/shop/web#0", TestName = "TryParse_IndexZero_ReturnsFalse")]
    [TestCase("production/shop/web#-1", TestName = "TryParse_NegativeIndex_ReturnsFalse")]
    [TestCase("production/shop/web#+1", TestName = "TryParse_PlusSign_ReturnsFalse")]
    [TestCase("production/shop/web# 1", TestName = "TryParse_SpaceBeforeIndex_ReturnsFalse")]
    [TestCase("production/shop/web#1 ", TestName = "TryParse_TrailingSpace_ReturnsFalse")]
    [TestCase(" production/shop/web#1", TestName = "TryParse_LeadingSpace_ReturnsFalse")]
    [TestCase("production/shop/web#01", TestName = "TryParse_LeadingZero_ReturnsFalse")]
    [TestCase("production/shop/web#1.0", TestName = "TryParse_DecimalIndex_ReturnsFalse")]
    [TestCase("production/shop/web#x", TestName = "TryParse_LetterIndex_ReturnsFalse")]
    [TestCase("production/shop/web#2147483648", TestName = "TryParse_IndexOverflow_ReturnsFalse")]
    [TestCase("production/shop/web#", TestName = "TryParse_EmptyIndex_ReturnsFalse")]
    [TestCase("production/shop/web", TestName = "TryParse_NoIndex_ReturnsFalse")]
    [TestCase("production/shop/web#1#2", TestName = "TryParse_ExtraHash_ReturnsFalse")]
    [TestCase("production/shop#1/web#2", TestName = "TryParse_HashInName_ReturnsFalse")]
    [TestCase("shop/web#1", TestName = "TryParse_MissingEnvironment_ReturnsFalse")]
    [TestCase("production/shop/web/extra#1", TestName = "TryParse_ExtraPart_ReturnsFalse")]
    [TestCase("production//web#1", TestName = "TryParse_EmptyApp_ReturnsFalse")]
    [TestCase("/shop/web#1", TestName = "TryParse_EmptyEnvironment_ReturnsFalse")]
    [TestCase("production/shop/#1", TestName = "TryParse_EmptyService_ReturnsFalse")]
    [TestCase("Production/shop/web#1", TestName = "TryParse_UppercaseEnvironment_ReturnsFalse")]
    [TestCase("production/-shop/web#1", TestName = "TryParse_AppStartingWithDash_ReturnsFalse")]
    [TestCase("production/shop/web server#1", TestName = "TryParse_SpaceInService_ReturnsFalse")]
    [TestCase("", TestName = "TryParse_Empty_ReturnsFalse")]
    [TestCase(null, TestName = "TryParse_Null_ReturnsFalse")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.That(ReplicaId.TryParse(text, out var id), Is.False);
        Assert.That(id, Is.EqualTo(default(ReplicaId)));
    }

    [Test]
    public void TryParse_NameOf63Characters_Accepted()
    {
        var name = new string('a', 63);

        Assert.That(ReplicaId.TryParse($"{name}/{name}/{name}#1", out _), Is.True);
        Assert.That(ReplicaId.TryParse($"production/{name}a/web#1", out _), Is.False);
    }

    [Test]
    public void Parse_Malformed_ThrowsFormatExceptionNamingTheTextAndTheProblem()
    {
        var error = Assert.Throws<FormatException>(() => ReplicaId.Parse("production/shop/web#0"));

        Assert.That(error!.Message, Does.Contain("\"production/shop/web#0\"").And.Contain("index \"0\""));
    }

    [TestCase("web server", 1)]
    [TestCase("", 1)]
    [TestCase("web", 0)]
    [TestCase("web", -3)]
    public void Constructor_InvalidPart_ThrowsArgumentException(string service, int index)
    {
        Assert.Throws<ArgumentException>(() => _ = new ReplicaId(Shop, service, index));
    }

    [Test]
    public void Constructor_DefaultApp_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _ = new ReplicaId(default, "web", 1));
    }

    [Test]
    public void Equality_SameTextFromParseAndParts_EqualWithEqualHashCodes()
    {
        var parsed = ReplicaId.Parse("production/shop/web#2");
        var made = new ReplicaId(Shop, "web", 2);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.EqualTo(made));
            Assert.That(parsed == made, Is.True);
            Assert.That(parsed.GetHashCode(), Is.EqualTo(made.GetHashCode()));
            Assert.That(made, Is.Not.EqualTo(new ReplicaId(Shop, "web", 3)));
        });
    }

    [Test]
    public void CompareTo_Ids_OrdersOrdinallyByText()
    {
        var ids = new[] { "production/shop/web#2", "production/shop/db#1", "production/shop/web#10", "production/Shop/web#1" }
            .Select(ReplicaId.Parse)
            .Order()
            .Select(id => id.Value);

        Assert.That(ids, Is.EqualTo(new[] { "production/Shop/web#1", "production/shop/db#1", "production/shop/web#10", "production/shop/web#2" }));
    }

    [Test]
    public void TryCreate_LabelTexts_SameIdAsTheTextForm()
    {
        Assert.That(ReplicaId.TryCreate("production", "shop", "web", "2", out var id), Is.True);
        Assert.That(id, Is.EqualTo(ReplicaId.Parse("production/shop/web#2")));
    }

    [TestCase("production/shop", "web", "x", "1", TestName = "TryCreate_SlashInEnvironment_ReturnsFalse")]
    [TestCase("production", "shop/web", "x", "1", TestName = "TryCreate_SlashInApp_ReturnsFalse")]
    [TestCase("production", "shop", "web#2", "", TestName = "TryCreate_HashInService_ReturnsFalse")]
    [TestCase("production", "shop", "web", "+1", TestName = "TryCreate_SignedIndex_ReturnsFalse")]
    [TestCase("production", "shop", "web", "0", TestName = "TryCreate_IndexZero_ReturnsFalse")]
    [TestCase("production", "shop", null, "1", TestName = "TryCreate_MissingService_ReturnsFalse")]
    public void TryCreate_PartsThatMakeNoId_ReturnsFalse(string? environment, string? app, string? service, string? index)
    {
        Assert.That(ReplicaId.TryCreate(environment, app, service, index, out var id), Is.False);
        Assert.That(id, Is.EqualTo(default(ReplicaId)));
    }
}
