namespace Codemason.Docker.Images;

/// <summary>What to pull.</summary>
/// <param name="Image">A reference such as <c>registry:5000/team/app:1.2</c> or <c>app@sha256:…</c>; no tag means <c>latest</c>.</param>
public sealed record ImagePullRequest(string Image)
{
    /// <summary>Credentials; default null (anonymous).</summary>
    public RegistryAuth? Auth { get; init; }

    /// <summary>Platform such as <c>linux/amd64</c>; default null (the engine's own).</summary>
    public string? Platform { get; init; }

    /// <summary>Splits <see cref="Image"/> into the <c>fromImage</c> and <c>tag</c> query values.</summary>
    internal (string FromImage, string Tag) Split() => ImageReference.Split(Image);
}
