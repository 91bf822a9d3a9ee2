namespace Codemason.Agent.Overlay;

/// <summary>
/// One iptables rule the overlay keeps on a node (<see cref="OverlayRules"/> lists them). Its comment names it:
/// the environment's bridge, what the rule is for and every value it depends on
/// (<c>cmbr4096 refuse-tcp 10.208.0.1</c>), so the rules a node holds are read back by comment
/// (<c>iptables -S</c>), a rule whose values changed is a different rule, and removal finds them all.
/// </summary>
/// <param name="Chain">The chain: <c>INPUT</c> or <c>DOCKER-USER</c>.</param>
/// <param name="Comment">The rule's name, unique on the node; starts with the bridge's name and a space.</param>
/// <param name="Arguments">Match, comment and target, as <c>iptables -I|-D CHAIN</c> takes them.</param>
public sealed record OverlayRule(string Chain, string Comment, IReadOnlyList<string> Arguments)
{
    /// <summary>The chain Docker evaluates before its own <c>FORWARD</c> rules and never rewrites.</summary>
    public const string DockerUserChain = "DOCKER-USER";

    /// <summary>Traffic to this node's own addresses.</summary>
    public const string InputChain = "INPUT";

    /// <summary>A rule named <paramref name="comment"/> with <paramref name="match"/> and <paramref name="target"/>.</summary>
    public static OverlayRule Of(string chain, string comment, IReadOnlyList<string> match, IReadOnlyList<string> target) =>
        new(chain, comment, [.. match, "-m", "comment", "--comment", comment, "-j", .. target]);

    /// <summary><c>iptables -w -I|-D CHAIN …</c>.</summary>
    public IReadOnlyList<string> Command(string operation) => ["iptables", "-w", operation, Chain, .. Arguments];

    public override string ToString() => Comment;
}
