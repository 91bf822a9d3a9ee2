using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>What the builds benchmark needs on this machine: the engine with the test image, git, and the built programs.</summary>
internal static class BuildsPrerequisites
{
    /// <summary>Debian's git-http-backend, which the controller runs for every git request (Git:HttpBackendPath).</summary>
    private const string HttpBackend = "/usr/lib/git-core/git-http-backend";

    /// <summary>Why the benchmark cannot run here, or null.</summary>
    public static async Task<string?> MissingAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (!PeerCommand.OnPath("git") || !File.Exists(HttpBackend))
        {
            return $"git is not installed (git on PATH and {HttpBackend}; Debian package git)";
        }
        if (!PeerCommand.OnPath("docker"))
        {
            return "the docker CLI is not on PATH (the by-hand baseline uses it)";
        }
        var image = await PeerCommand.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", context.TestImage], TimeSpan.FromSeconds(30), cancellationToken);
        if (!image.Succeeded)
        {
            return $"no Docker engine answers with {context.TestImage} on it (make engine): {PeerCommand.Tail(image.Output, 2)}";
        }
        try
        {
            _ = RepoPaths.Program("controller", "codemason-controller");
            _ = RepoPaths.Program("agent", "codemason-agent");
            _ = RepoPaths.Program("cli", "mason");
            return null;
        }
        catch (FileNotFoundException e)
        {
            return e.Message;
        }
    }
}
