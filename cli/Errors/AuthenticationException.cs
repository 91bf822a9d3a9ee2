namespace Codemason.Cli.Errors;

/// <summary>No token is configured, or the controller refused it (exit 4).</summary>
internal sealed class AuthenticationException(string message, Exception? inner = null)
    : CliException(message, "log in again with: mason login --controller URL --token TOKEN (or set CODEMASON_TOKEN)", inner);
