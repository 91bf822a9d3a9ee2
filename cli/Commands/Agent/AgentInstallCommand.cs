namespace Codemason.Cli.Commands.Agent;

/// <summary>The one <c>docker run</c> line that installs an agent on a server. Pure.</summary>
internal static class AgentInstallCommand
{
    /// <summary>The agent image used when none is given.</summary>
    public const string DefaultImage = "codemason/agent:latest";

    /// <summary>The environment variable the agent reads its join token from.</summary>
    public const string TokenVariable = "CODEMASON_TOKEN";

    /// <summary>
    /// The line. The join token is set for the <c>docker</c> command alone (<c>CODEMASON_TOKEN=… docker run … -e
    /// CODEMASON_TOKEN …</c>), so it reaches the agent's environment without being an argument of any process: neither
    /// <c>ps</c> nor the agent's command line shows it. Shell history and <c>docker inspect</c> still do, which is why
    /// the token this line carries is short-lived and single-use (docs/security.md). With <paramref name="caFingerprint"/>
    /// (the controller serves TLS) the agent gets <c>--ca-fingerprint</c> and an <c>https://</c> address, so it talks to
    /// that controller only; without one, an <c>http://</c> controller beyond loopback gets <c>--insecure</c>, which the
    /// agent needs to accept it (the operator chose cleartext when they logged in with <c>--insecure</c>).
    /// </summary>
    public static string Build(string image, Uri controller, string joinToken, string? caFingerprint = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(joinToken);
        var address = controller.GetLeftPart(UriPartial.Authority);
        var pin = "";
        if (!string.IsNullOrEmpty(caFingerprint))
        {
            address = new UriBuilder(controller) { Scheme = Uri.UriSchemeHttps, Port = controller.Port }.Uri.GetLeftPart(UriPartial.Authority);
            pin = $" --ca-fingerprint {ShellQuote(caFingerprint)}";
        }
        else if (Codemason.Grpc.Client.CleartextPolicy.NeedsInsecure(controller))
        {
            // A cleartext controller beyond loopback (a private link the operator chose): the agent refuses it unless told.
            pin = " --insecure";
        }
        // Host networking: the agent reaches the controller at the address the server itself uses
        // (loopback included, for a one-machine setup); it needs no inbound port either way. NET_ADMIN: it keeps the
        // environments' overlays in the host's namespace (VXLAN devices, bridges, iptables; docs/networking.md).
        // The host's certs.d: the agent makes the host's engine trust its environment's registry there (docs/registry.md).
        return $"{TokenVariable}={ShellQuote(joinToken)} docker run -d --name codemason-agent --restart=always --network host --cap-add NET_ADMIN"
            + $" -e {TokenVariable}"
            + " -v /var/run/docker.sock:/var/run/docker.sock"
            + " -v codemason-agent:/var/lib/codemason"
            + " -v /etc/docker/certs.d:/etc/docker/certs.d"
            + $" {ShellQuote(image)} --controller {ShellQuote(address)}{pin}";
    }

    /// <summary>Quotes a word for POSIX shells only when it needs it, so the usual line stays copy-paste clean.</summary>
    public static string ShellQuote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@+%,".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
