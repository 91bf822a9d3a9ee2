using Codemason.Agent.Builds;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Builds;

public sealed class BuildRequestCheckTests
{
    [Test]
    public void Problems_TaggedRequest_None()
    {
        var request = new BuildRequest { BuildId = "b-1", Dockerfile = "docker/Dockerfile", Tags = { "10.0.0.5:5000/staging/shop/web:3f2a" } };
        request.Push = new RegistryPush { Registry = "10.0.0.5:5000" };

        Assert.That(BuildRequestCheck.Problems(request), Is.Empty);
    }

    [Test]
    public void Problems_EverythingWrong_EveryProblemAtOnce()
    {
        var request = new BuildRequest { Dockerfile = "../Dockerfile", Tags = { "other:5000/web:1", "has space:1" } };
        request.Push = new RegistryPush { Registry = "10.0.0.5:5000" };

        var problems = BuildRequestCheck.Problems(request);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "tag \"other:5000/web:1\" is not in the push registry 10.0.0.5:5000",
            "tag \"has space:1\" is not an image reference",
            "the Dockerfile path \"../Dockerfile\" leaves the build context",
        }));
    }

    [Test]
    public void Problems_NoTags_Named()
    {
        Assert.That(BuildRequestCheck.Problems(new BuildRequest()), Is.EqualTo(new[] { "the request names no tag for the image" }));
    }

    [Test]
    public void Problems_PushWithoutRegistry_Named()
    {
        var request = new BuildRequest { Tags = { "web:1" }, Push = new RegistryPush { Username = "ci" } };

        Assert.That(BuildRequestCheck.Problems(request), Is.EqualTo(new[] { "the push target names no registry" }));
    }
}
