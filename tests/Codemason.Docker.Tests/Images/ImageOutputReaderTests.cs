using Codemason.Docker.Images;

namespace Codemason.Docker.Tests.Images;

public sealed class ImageOutputReaderTests
{
    [Test]
    public void Read_BuildTextInPieces_GivesOutCompleteLinesOnly()
    {
        var reader = new ImageOutputReader();

        var first = reader.Read(new ImageMessage { Stream = "Step 1/2 : FROM local/busybox:1" });
        var second = reader.Read(new ImageMessage { Stream = "\n" });
        var third = reader.Read(new ImageMessage { Stream = " ---> cd0158a2da53\nStep 2/2 : RUN echo hi\n ---> Running in 56a6" });
        var rest = reader.Flush();

        Assert.That(first, Is.Empty);
        Assert.That(second, Is.EqualTo(new[] { "Step 1/2 : FROM local/busybox:1" }));
        Assert.That(third, Is.EqualTo(new[] { " ---> cd0158a2da53", "Step 2/2 : RUN echo hi" }));
        Assert.That(rest, Is.EqualTo(new[] { " ---> Running in 56a6" }));
        Assert.That(reader.Flush(), Is.Empty);
    }

    [Test]
    public void Read_CarriageReturnRedraws_KeepsTheLastState()
    {
        var reader = new ImageOutputReader();

        var lines = reader.Read(new ImageMessage { Stream = "10%\r50%\r100%\r\n" });

        Assert.That(lines, Is.EqualTo(new[] { "100%" }));
    }

    [Test]
    public void Read_EscapeSequencesAndControlCharacters_LeftOut()
    {
        var reader = new ImageOutputReader();

        // The classic builder paints a step's stderr red; a build could also try to set a terminal's title.
        var lines = reader.Read(new ImageMessage { Stream = "\u001b[91mthe tests are red\n\u001b[0mRemoving intermediate container 58bb\n\u001b]0;owned\u0007ok\u0008\tdone\n" });

        Assert.That(lines, Is.EqualTo(new[] { "the tests are red", "Removing intermediate container 58bb", "ok\tdone" }));
    }

    [Test]
    public void BuildResult_AuxId_IsTheImage()
    {
        var reader = new ImageOutputReader();
        reader.Read(new ImageMessage { Aux = new ImageMessageAux { Id = "sha256:91da8a" } });
        reader.Read(new ImageMessage { Stream = "Successfully built 91da8aeedcf8\n" });

        var result = reader.BuildResult();

        Assert.That(result, Is.EqualTo(new ImageBuildResult("sha256:91da8a", null)));
        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void BuildResult_NoAuxButSuccessfullyBuilt_IsTheShortId()
    {
        var reader = new ImageOutputReader();
        reader.Read(new ImageMessage { Stream = "Successfully built 91da8aeedcf8\n" });

        Assert.That(reader.BuildResult().ImageId, Is.EqualTo("91da8aeedcf8"));
    }

    [Test]
    public void BuildResult_ErrorMessage_FailsWithTheEngineText()
    {
        var reader = new ImageOutputReader();
        reader.Read(new ImageMessage { Stream = "Removing intermediate container 182e\n" });
        var lines = reader.Read(new ImageMessage { Error = "The command '/bin/sh -c exit 3' returned a non-zero code: 3" });

        var result = reader.BuildResult();

        Assert.That(lines, Is.Empty);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Is.EqualTo("The command '/bin/sh -c exit 3' returned a non-zero code: 3"));
    }

    [Test]
    public void BuildResult_StreamEndsWithoutImageOrError_Fails()
    {
        var result = new ImageOutputReader().BuildResult();

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Does.Contain("without naming an image"));
    }

    [Test]
    public void Read_PushMessages_LinesPerLayerWithoutByteProgressAndTheDigest()
    {
        var reader = new ImageOutputReader();
        var lines = new List<string>();
        lines.AddRange(reader.Read(new ImageMessage { Status = "The push refers to repository [127.0.0.1:5000/shop/web]" }));
        lines.AddRange(reader.Read(new ImageMessage { Status = "Preparing", Id = "5f70bf18a086", Detail = new PullProgressDetail() }));
        lines.AddRange(reader.Read(new ImageMessage { Status = "Pushing", Id = "5f70bf18a086", Detail = new PullProgressDetail { Current = 512, Total = 2048 } }));
        lines.AddRange(reader.Read(new ImageMessage { Status = "Pushed", Id = "5f70bf18a086", Detail = new PullProgressDetail() }));
        lines.AddRange(reader.Read(new ImageMessage { Status = "3f2a: digest: sha256:abc123 size: 527" }));

        Assert.That(lines, Is.EqualTo(new[]
        {
            "The push refers to repository [127.0.0.1:5000/shop/web]",
            "5f70bf18a086: Preparing",
            "5f70bf18a086: Pushed",
            "3f2a: digest: sha256:abc123 size: 527",
        }));
        Assert.That(reader.Digest, Is.EqualTo("sha256:abc123"));
    }

    [Test]
    public void Read_PushAux_IsTheDigest()
    {
        var reader = new ImageOutputReader();

        reader.Read(new ImageMessage { Aux = new ImageMessageAux { Tag = "1", Digest = "sha256:def456", Size = 527 } });

        Assert.That(reader.Digest, Is.EqualTo("sha256:def456"));
    }
}
