namespace Codemason.Mortar.Model;

/// <summary>
/// How a push to the app's git remote builds the service's image. Not part of the spec hash.
/// </summary>
/// <param name="Repository">The source repository the original product's CI built from (kept, not used by builds).</param>
/// <param name="Commands">Shell commands, one <c>RUN</c> each in the generated Dockerfile.</param>
/// <param name="Dockerfile">Path of the Dockerfile in the repository; null = the context's <c>Dockerfile</c> when there is one.</param>
/// <param name="Context">Folder of the repository sent to the build, relative to its root; null = the root.</param>
/// <param name="Args">
/// Names of the service's own environment variables the build receives as <c>--build-arg NAME=value</c>, in the
/// file's order; null = none. No other variable of the service reaches the build.
/// </param>
public sealed record BuildSpec(string? Repository, IReadOnlyList<string> Commands, string? Dockerfile = null, string? Context = null,
    IReadOnlyList<string>? Args = null);
