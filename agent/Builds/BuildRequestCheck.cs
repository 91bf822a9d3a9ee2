using Codemason.Proto.V1;

namespace Codemason.Agent.Builds;

/// <summary>What makes a <see cref="BuildRequest"/> unbuildable, every problem at once, before the engine is asked.</summary>
public static class BuildRequestCheck
{
    /// <summary>The problems of <paramref name="request"/>; empty when it can be built.</summary>
    public static IReadOnlyList<string> Problems(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (request.Tags.Count == 0)
        {
            problems.Add("the request names no tag for the image");
        }
        foreach (var tag in request.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Any(char.IsWhiteSpace))
            {
                problems.Add($"tag \"{tag}\" is not an image reference");
            }
            else if (request.Push is { Registry.Length: > 0 } push && !tag.StartsWith(push.Registry + "/", StringComparison.Ordinal))
            {
                problems.Add($"tag \"{tag}\" is not in the push registry {push.Registry}");
            }
        }
        if (request.Push is { Registry.Length: 0 })
        {
            problems.Add("the push target names no registry");
        }
        var dockerfile = request.Dockerfile;
        if (dockerfile.StartsWith('/') || dockerfile.Split('/').Contains(".."))
        {
            problems.Add($"the Dockerfile path \"{dockerfile}\" leaves the build context");
        }
        return problems;
    }
}
