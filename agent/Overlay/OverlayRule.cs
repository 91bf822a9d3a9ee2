namespace Codemason.Agent.Overlay;

/// <summary>
/// The iptables rule that keeps containers from injecting VXLAN frames: UDP to port 4789 routed out of the
/// environment's bridge is dropped. It lives in <c>DOCKER-USER</c>, the chain Docker evaluates before its own
/// <c>FORWARD</c> rules and never rewrites: a rule inserted into <c>FORWARD</c> itself ends up below Docker's
/// <c>ACCEPT</c> for the bridge once the engine restarts and inserts its rules again.
/// </summary>
public static class OverlayRule
{
    /// <summary>The chain holding the rule.</summary>
    public const string Chain = "DOCKER-USER";

    /// <summary>The rule's match and target for <paramref name="bridge"/>, without the chain.</summary>
    public static IReadOnlyList<string> Specification(string bridge) =>
        ["-i", bridge, "!", "-o", bridge, "-p", "udp", "--dport", "4789", "-j", "DROP"];

    /// <summary><c>iptables -w -C|-I|-D DOCKER-USER …</c>.</summary>
    public static IReadOnlyList<string> Command(string operation, string bridge) =>
        ["iptables", "-w", operation, Chain, .. Specification(bridge)];
}
