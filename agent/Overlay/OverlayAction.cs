using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>One step of an <see cref="OverlayPlan"/>; everything else it needs comes from the desired network.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Peer">The peer of a flood entry, null for the other kinds.</param>
/// <param name="Rule">The rule to insert or delete, null for the other kinds.</param>
/// <param name="Mac">The MAC of a forwarding entry, null for the other kinds.</param>
public sealed record OverlayAction(OverlayActionKind Kind, IPAddress? Peer = null, OverlayRule? Rule = null, string? Mac = null)
{
    public override string ToString() =>
        Mac is not null ? $"{Kind} {Mac}{(Peer is null ? "" : $" {Peer}")}"
        : Peer is not null ? $"{Kind} {Peer}"
        : Rule is not null ? $"{Kind} {Rule}"
        : Kind.ToString();
}
