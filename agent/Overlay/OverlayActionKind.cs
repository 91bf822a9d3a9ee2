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

    /// <summary><c>bridge fdb replace &lt;mac&gt; dev … dst &lt;node&gt; self permanent</c>: a replica's MAC at its node.</summary>
    SetForward,

    /// <summary><c>bridge fdb del &lt;mac&gt; dev … dst &lt;node&gt; self</c>: a replica no longer there, or gone.</summary>
    RemoveForward,

    /// <summary>
    /// <c>bridge fdb del &lt;mac&gt; dev … master</c>: the bridge forgets that a replica now placed on this node lives behind
    /// the VXLAN device, where it lived before it moved here.
    /// </summary>
    ForgetLearned,

    /// <summary><c>iptables -I</c> the action's rule at the top of its chain.</summary>
    InsertRule,

    /// <summary><c>iptables -D</c> the action's rule.</summary>
    DeleteRule,
}
