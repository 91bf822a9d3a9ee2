using System.Security.Cryptography;
using System.Text;

namespace Codemason.Agent.Overlay;

/// <summary>
/// Names of what the overlay makes on a node. Link names are limited to 15 characters, so the bridge and the VXLAN
/// device carry a short tag of the resource prefix and the VNI: <c>cmbr4096</c> and <c>cmvx4096</c> for the default
/// prefix, <c>c1a2bbr4096</c> for another (the first hex digits of its SHA-256), so agents with different prefixes
/// sharing one network namespace never collide.
/// </summary>
/// <param name="Prefix">The agent's resource prefix (default "codemason").</param>
public sealed record OverlayNames(string Prefix)
{
    /// <summary>The prefix whose tag is the readable <c>cm</c>.</summary>
    public const string DefaultPrefix = "codemason";

    /// <summary>The label on the Docker network that holds its VNI, so a later removal finds the devices.</summary>
    public const string VniLabel = "codemason.overlay.vni";

    /// <summary>Driver option naming the Linux bridge of a Docker bridge network.</summary>
    public const string BridgeNameOption = "com.docker.network.bridge.name";

    /// <summary>Driver option setting the MTU of a Docker bridge network's container interfaces.</summary>
    public const string MtuOption = "com.docker.network.driver.mtu";

    /// <summary>Short tag of <see cref="Prefix"/> in link names: <c>cm</c>, or <c>c</c> and 4 hex digits.</summary>
    public string Tag { get; } = Prefix == DefaultPrefix
        ? "cm"
        : "c" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Prefix)))[..4];

    /// <summary>The environment's Docker network: <c>&lt;prefix&gt;-overlay-&lt;environment&gt;</c>.</summary>
    public string Network(string environment) => $"{Prefix}-overlay-{environment}";

    /// <summary>The Linux bridge of that network: <c>&lt;tag&gt;br&lt;vni&gt;</c>, at most 15 characters.</summary>
    public string Bridge(int vni) => $"{Tag}br{vni}";

    /// <summary>The VXLAN device: <c>&lt;tag&gt;vx&lt;vni&gt;</c>, at most 15 characters.</summary>
    public string Vxlan(int vni) => $"{Tag}vx{vni}";
}
