using Codemason.Testing;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>The edge image the process tests run (<c>packaging/edge-image.sh</c> builds it).</summary>
internal static class EdgeImage
{
    public const string Name = "local/edge:latest";

    /// <summary>Fails the test when the image is missing, saying how to build it.</summary>
    public static async Task RequireAsync()
    {
        await using var engine = new TestEngine();
        try
        {
            await engine.Client.Images.InspectAsync(Name);
        }
        catch (Docker.Errors.DockerNotFoundException)
        {
            Assert.Fail($"the edge image {Name} is missing: packaging/edge-image.sh builds it (make engine does)");
        }
    }
}
