namespace Codemason.Docker.Images;

/// <summary>A pushed reference and what the registry stored it as.</summary>
/// <param name="Reference">The pushed reference, <c>registry:5000/team/app:1.2</c>.</param>
/// <param name="Digest">The manifest digest the registry answered, <c>sha256:…</c>.</param>
public sealed record ImagePushResult(string Reference, string Digest)
{
    /// <summary>The reference by digest: <c>registry:5000/team/app@sha256:…</c>.</summary>
    public string DigestReference => $"{ImageReference.Split(Reference).Repository}@{Digest}";
}
