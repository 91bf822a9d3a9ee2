namespace Codemason.Cli.Commands.Init;

/// <summary>What <c>mason init</c> writes into a new mason.json.</summary>
/// <param name="Name">App name.</param>
/// <param name="Image">Image of the one service, <c>web</c>.</param>
/// <param name="Port">Port the container listens on (published on a host port the node picks).</param>
/// <param name="SchemaReference">The <c>$schema</c> value.</param>
internal sealed record InitAnswers(string Name, string Image, int Port, string SchemaReference);
