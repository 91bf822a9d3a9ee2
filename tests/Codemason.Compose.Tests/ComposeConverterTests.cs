using Codemason.Mortar;
using Codemason.Mortar.Syntax;

namespace Codemason.Compose.Tests;

/// <summary>What the golden cases do not show: positions of YAML problems, names, and errors found after conversion.</summary>
[CancelAfter(5000)]
public class ComposeConverterTests
{
    private static ComposeConversion Convert(string text, Func<string, string?>? variables = null, string? name = null) =>
        ComposeConverter.Convert(new ComposeInput { Text = text, DirectoryName = "My Folder", Variables = variables ?? (_ => null), NameOverride = name });

    [Test]
    public void Convert_DuplicateKey_IsAnErrorAtTheSecondKey()
    {
        var conversion = Convert("services:\n  web:\n    image: a\n    image: b\n");

        Assert.That(conversion.Errors.Select(e => (e.Line, e.Column)), Is.EqualTo(new[] { (4, 5) }), string.Join("\n", conversion.Diagnostics));
    }

    [Test]
    public void Convert_NoServicesKey_IsAnError()
    {
        var conversion = Convert("name: x\nvolumes:\n  data:\n");

        Assert.That(conversion.Errors.Single().Message, Does.Contain("top-level \"services:\""));
    }

    [Test]
    public void Convert_Name_ComesFromOverrideThenProjectVariableThenFileThenFolder()
    {
        const string withName = "name: from-file\nservices:\n  web:\n    image: a\n";
        const string withoutName = "services:\n  web:\n    image: a\n";

        Assert.Multiple(() =>
        {
            Assert.That(Convert(withName, name: "flag").MasonJson, Does.Contain("\"name\": \"flag\""));
            Assert.That(Convert(withName, n => n == "COMPOSE_PROJECT_NAME" ? "Env_Name" : null).MasonJson, Does.Contain("\"name\": \"env_name\""));
            Assert.That(Convert(withName).MasonJson, Does.Contain("\"name\": \"from-file\""));
            Assert.That(Convert(withoutName).MasonJson, Does.Contain("\"name\": \"myfolder\""));
        });
    }

    [Test]
    public void Convert_ComposeProfilesVariable_EnablesProfiles()
    {
        const string text = "services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [debug]\n";

        var conversion = Convert(text, n => n == "COMPOSE_PROFILES" ? "debug,other" : null);

        Assert.That(conversion.MasonJson, Does.Contain("\"name\": \"debug\""));
    }

    [Test]
    public void Convert_UndeclaredNamedVolume_IsAnError()
    {
        var conversion = Convert("services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql/data\n");

        Assert.That(conversion.Errors.Single().ToString(), Is.EqualTo(
            "docker-compose.yml:5:9: error: services.db.volumes[0]: the volume \"data\" is not declared under the top-level \"volumes:\" (a host path starts with / or ./)"));
    }

    [Test]
    public void Convert_LinkToUnknownService_IsAnError()
    {
        var conversion = Convert("services:\n  web:\n    image: a\n    depends_on: [db]\n");

        Assert.That(conversion.Errors.Single().ToString(), Is.EqualTo("docker-compose.yml:4:18: error: services.web.depends_on[0]: \"db\" is not a service of this file"));
    }

    [Test]
    public void Locate_ControllerErrorAtAPath_IsPlacedAtTheComposeLineOfTheNearestWrittenPath()
    {
        var conversion = Convert("services:\n  web:\n    image: a\n    privileged: true\n    environment:\n      A: b\n");

        var privileged = conversion.Locate(new MasonError("services[0].privileged", new SourcePosition(9, 7), "privileged containers are not allowed here", MasonErrorKind.Semantic));
        var nested = conversion.Locate(new MasonError("services[0].environment.A.deeper", new SourcePosition(1, 1), "x", MasonErrorKind.Semantic));
        var root = conversion.Locate(new MasonError("", new SourcePosition(1, 1), "whole file", MasonErrorKind.Semantic));

        Assert.Multiple(() =>
        {
            Assert.That(privileged.ToString(), Is.EqualTo("docker-compose.yml:4:17: error: privileged containers are not allowed here (mason.json services[0].privileged)"));
            Assert.That((nested.Line, nested.Column), Is.EqualTo((6, 7)));
            Assert.That(root.ToString(), Is.EqualTo("docker-compose.yml: error: whole file"));
        });
    }
}
