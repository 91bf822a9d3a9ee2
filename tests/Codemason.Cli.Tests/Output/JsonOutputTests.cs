using System.Text.Json;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Tests.Output;

[CancelAfter(5000)]
public class JsonOutputTests
{
    [Test]
    public void FromMessage_Replica_UsesCamelCaseEnumNamesAndIncludesDefaults()
    {
        var node = JsonOutput.FromMessage(new Replica { Id = "production/pebble/web#1", State = ReplicaState.Pending, Explanation = "no nodes" });

        Assert.Multiple(() =>
        {
            Assert.That(node["id"]!.GetValue<string>(), Is.EqualTo("production/pebble/web#1"));
            Assert.That(node["state"]!.GetValue<string>(), Is.EqualTo("REPLICA_STATE_PENDING"));
            Assert.That(node["explanation"]!.GetValue<string>(), Is.EqualTo("no nodes"));
            Assert.That(node["nodeId"]!.GetValue<string>(), Is.Empty);
        });
    }

    [Test]
    public void Write_Document_IsIndentedValidJsonEndingInNewline()
    {
        using var writer = new StringWriter();

        JsonOutput.Write(writer, JsonOutput.FromMessage(new Node { Id = "n1", Hostname = "web-01" }));

        var text = writer.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.EndWith("}\n"));
            Assert.That(text, Does.Contain("\n  \"id\": \"n1\""));
            Assert.That(() => JsonDocument.Parse(text).Dispose(), Throws.Nothing);
        });
    }

    [Test]
    public void WriteLine_Document_IsOneLine()
    {
        using var writer = new StringWriter();

        JsonOutput.WriteLine(writer, JsonOutput.FromMessage(new LogLine { Text = "hello — world" }));

        Assert.That(writer.ToString().TrimEnd('\n'), Does.Not.Contain("\n").And.Contain("hello — world"));
    }
}
