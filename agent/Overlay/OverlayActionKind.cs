namespace Codemason.Agent.Overlay;

/// <summary>The steps that bring a node's overlay to the desired state, in the order a plan lists them.</summary>
public enum OverlayActionKind
{
    /// <summary>Delete the VXLAN device (it is recreated, or no longer wanted).</summary>
    RemoveVxlan,

    /// <summary>Remove the Docker network (it is recreated, or no longer wanted).</summary>
    RemoveNetwork,

    /// <summary>Create the Docker network with the subnet, gateway, bridge name and MTU.</summary>
    CreateNetwork,

    /// <summary><c>ip link add … type vxlan id V local A dstport 4789</c>.</summary>
    CreateVxlan,

    /// <summary><c>ip link set … master &lt;bridge&gt; mtu M up</c>.</summary>
    SetVxlanLink,

    /// <summary><c>bridge fdb append 00:00:00:00:00:00 dev … dst &lt;peer&gt;</c>.</summary>
    AddFlood,

    /// <summary><c>bridge fdb del 00:00:00:00:00:00 dev … dst &lt;peer&gt;</c>.</summary>
    RemoveFlood,

    /// <summary><c>iptables -I</c> the action's rule at the top of its chain.</summary>
    InsertRule,

    /// <summary><c>iptables -D</c> the action's rule.</summary>
    DeleteRule,
}
