namespace Codemason.Cli.Commands.Agent;

/// <summary>The one <c>docker run</c> line that installs an agent on a server. Pure.</summary>
internal static class AgentInstallCommand
{
    /// <summary>The agent image used when none is given.</summary>
    public const string DefaultImage = "codemason/agent:latest";

    public static string Build(string image, Uri controller, string joinToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(joinToken);
        // Host networking: the agent reaches the controller at the address the server itself uses
        // (loopback included, for a one-machine setup); it needs no inbound port either way.
        return "docker run -d --name codemason-agent --restart=always --network host"
            + " -v /var/run/docker.sock:/var/run/docker.sock"
            + " -v codemason-agent:/var/lib/codemason"
            + $" {ShellQuote(image)} --controller {ShellQuote(controller.GetLeftPart(UriPartial.Authority))} --token {ShellQuote(joinToken)}";
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
