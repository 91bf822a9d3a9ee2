namespace Codemason.Docker.Images;

/// <summary>How a build ended: an image, or the engine's reason it failed (a failed step is an answer, not an exception).</summary>
/// <param name="ImageId">The built image, <c>sha256:…</c>; null when the build failed.</param>
/// <param name="Error">Why it failed, as the engine says it ("The command '/bin/sh -c make' returned a non-zero code: 2"); null when it succeeded.</param>
public sealed record ImageBuildResult(string? ImageId, string? Error)
{
    /// <summary>The build made an image.</summary>
    public bool Succeeded => Error is null && ImageId is not null;
}
