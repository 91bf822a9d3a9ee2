using Codemason.Mortar.Model;

namespace Codemason.Mortar.Tests.Model;

[TestFixture]
public sealed class PlacementConstraintTests
{
    private const string Hostname = "Web-1";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal) { ["zone"] = "eu", ["com.example/disk"] = "ssd" };

    [TestCase("node.labels.zone == eu", ConstraintSubject.Label, "zone", ConstraintOperator.Equal, "eu")]
    [TestCase("  node.labels.zone!=us  ", ConstraintSubject.Label, "zone", ConstraintOperator.NotEqual, "us")]
    [TestCase("node.labels.com.example/disk == \"ssd\"", ConstraintSubject.Label, "com.example/disk", ConstraintOperator.Equal, "ssd")]
    [TestCase("node.hostname == 'web-1'", ConstraintSubject.Hostname, "", ConstraintOperator.Equal, "web-1")]
    [TestCase("NODE.HOSTNAME != web-2", ConstraintSubject.Hostname, "", ConstraintOperator.NotEqual, "web-2")]
    public void TryParse_WellFormed_ReturnsConstraint(string text, ConstraintSubject subject, string key, ConstraintOperator op, string value)
    {
        var parsed = PlacementConstraint.TryParse(text, out var constraint, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True, error);
            Assert.That(constraint, Is.EqualTo(new PlacementConstraint(subject, key, op, value)));
        });
    }

    [TestCase("", "it is empty")]
    [TestCase("   ", "it is empty")]
    [TestCase("node.labels.zone = eu", "expected == or !=")]
    [TestCase("node.labels.zone eu", "expected == or !=")]
    [TestCase("node.label.zone == eu", "unknown field \"node.label.zone\"; expected node.hostname or node.labels.<key>")]
    [TestCase("== eu", "missing field before the operator")]
    [TestCase("node.labels. == eu", "missing label key after \"node.labels.\"")]
    [TestCase("node.labels.zo ne == eu", "label key \"zo ne\" may hold only")]
    [TestCase("node.labels.zone ==", "missing value after ==")]
    [TestCase("node.hostname != ", "missing value after !=")]
    [TestCase("node.labels.zone == eu == us", "may not hold spaces, '=', '!' or quotes")]
    [TestCase("node.labels.zone == e u", "may not hold spaces")]
    public void TryParse_Malformed_ExplainsTheProblem(string text, string expected)
    {
        var parsed = PlacementConstraint.TryParse(text, out var constraint, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(constraint, Is.Null);
            Assert.That(error, Does.StartWith($"invalid constraint \"{text.Trim()}\": "));
            Assert.That(error, Does.Contain(expected));
        });
    }

    [TestCase("node.labels.zone == eu", true)]
    [TestCase("node.labels.zone == EU", false)]
    [TestCase("node.labels.zone != eu", false)]
    [TestCase("node.labels.rack == r1", false)]
    [TestCase("node.labels.rack != r1", true)]
    [TestCase("node.labels.com.example/disk == ssd", true)]
    [TestCase("node.hostname == web-1", true)]
    [TestCase("node.hostname != WEB-1", false)]
    [TestCase("node.hostname == web-2", false)]
    public void IsSatisfiedBy_HostnameAndLabels_ComparesLabelsOrdinallyAndHostnamesIgnoringCase(string text, bool expected)
    {
        Assert.That(PlacementConstraint.TryParse(text, out var constraint, out var error), Is.True, error);

        Assert.That(constraint!.IsSatisfiedBy(Hostname, Labels), Is.EqualTo(expected));
    }

    [Test]
    public void ToString_Parsed_IsCanonical()
    {
        Assert.That(PlacementConstraint.TryParse("node.labels.zone!='eu'", out var constraint, out _), Is.True);

        Assert.That(constraint!.ToString(), Is.EqualTo("node.labels.zone != eu"));
    }

    [TestCase(ConstraintOperator.Equal, true, "lack label zone=eu")]
    [TestCase(ConstraintOperator.Equal, false, "lacks label zone=eu")]
    [TestCase(ConstraintOperator.NotEqual, true, "have label zone=eu")]
    public void DescribeFailure_Label_SaysWhatTheFailingNodesAre(ConstraintOperator op, bool plural, string expected)
    {
        var constraint = new PlacementConstraint(ConstraintSubject.Label, "zone", op, "eu");

        Assert.That(constraint.DescribeFailure(plural), Is.EqualTo(expected));
    }
}
