namespace Codemason.Controller.Builds;

/// <summary>How one service's image is built from a commit.</summary>
/// <param name="Service">The service.</param>
/// <param name="Context">Folder of the repository sent as the build context ("." = its root).</param>
/// <param name="Dockerfile">Path of the Dockerfile inside the context.</param>
/// <param name="GeneratedDockerfile">The Dockerfile's text when Codemason generated it (added to the context at <see cref="Dockerfile"/>); null = the repository's.</param>
/// <param name="Image">The reference the image is tagged with.</param>
public sealed record ServiceBuildPlan(string Service, string Context, string Dockerfile, string? GeneratedDockerfile, string Image)
{
    /// <summary>The service's variables named in <c>build.args</c>, with this revision's values; none by default.</summary>
    public BuildArguments Args { get; init; } = BuildArguments.None;
}
