namespace Codemason.Cli.Errors;

/// <summary>The controller did not answer: connection refused, DNS, TLS, or no answer in time (exit 3).</summary>
internal sealed class ControllerUnreachableException(Uri address, string reason, Exception? inner = null, string? hint = null)
    : CliException(
        $"cannot reach the controller at {address.GetLeftPart(UriPartial.Authority)}: {reason}",
        hint ?? "check the address (mason login --controller URL, or CODEMASON_CONTROLLER) and that the controller runs",
        inner)
{
    /// <summary>The address that was tried.</summary>
    public Uri Address { get; } = address;
}
