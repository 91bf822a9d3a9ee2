namespace Codemason.Controller.Registry;

/// <summary>A tag of a repository, the manifest it points to, and when it was pushed.</summary>
/// <param name="Name">The tag, e.g. <c>3f2a9c1</c>.</param>
/// <param name="Digest">The manifest digest, <c>sha256:…</c> (several tags may share one).</param>
/// <param name="PushedAt">When it was pushed (or the image was made): newest are kept.</param>
public sealed record RegistryTag(string Name, string Digest, DateTimeOffset PushedAt);
