using System.Security.Cryptography;
using System.Text;
using Codemason.Agent.Reconciliation;

namespace Codemason.Agent.Engine;

/// <summary>
/// Names of the engine objects the agent makes. Names are for people reading <c>docker ps</c>; ownership is decided by
/// labels only (<see cref="NodeScope"/>). Every name is one-to-one: its parts are joined with <c>_</c> and a <c>_</c>
/// inside a part is written twice. Names (<c>Codemason.Identity.NameRules</c>) start with a letter or digit, so a run of
/// underscores reads back one way only: an even run is that many halved inside a part, an odd one ends with the
/// separator. App <c>a</c> with volume <c>b-c</c> and app <c>a-b</c> with volume <c>c</c> get different volumes,
/// which the <c>-</c>-joined names of earlier agents (<see cref="LegacyNetwork"/>, <see cref="LegacyVolume"/>) did not.
/// </summary>
/// <param name="Prefix">Prefix of networks and volumes (default "codemason"); agents sharing one engine may use different ones.</param>
public sealed record EngineNames(string Prefix)
{
    /// <summary>What joins the parts of a name.</summary>
    public const char Separator = '_';

    /// <summary>The app's network: <c>&lt;prefix&gt;_&lt;environment&gt;_&lt;app&gt;</c>.</summary>
    public string Network(AppKey app) => Join(Prefix, app.Environment, app.App);

    /// <summary>A named volume of the app: <c>&lt;prefix&gt;_&lt;environment&gt;_&lt;app&gt;_&lt;volume&gt;</c>.</summary>
    public string Volume(AppKey app, string volume) => Join(Prefix, app.Environment, app.App, volume);

    /// <summary>The container of the environment's private registry: <c>&lt;prefix&gt;_registry_&lt;environment&gt;</c>.</summary>
    public string RegistryContainer(string environment) => Join(Prefix, "registry", environment);

    /// <summary>
    /// The registry's storage volume: <c>&lt;prefix&gt;_registry_&lt;environment&gt;</c> (three parts: no app volume, which
    /// has four, is ever named so).
    /// </summary>
    public string RegistryVolume(string environment) => Join(Prefix, "registry", environment);

    /// <summary>The container of the environment's edge proxy on this engine (docs/edge.md).</summary>
    public string EdgeContainer(string environment) => Join(Prefix, "edge", environment);

    /// <summary>The volume holding the edge's last routes, so a new or restarted edge serves them at once.</summary>
    public string EdgeVolume(string environment) => Join(Prefix, "edge", environment);

    /// <summary>The app network's name as agents before one-to-one names gave it: <c>&lt;prefix&gt;-&lt;environment&gt;-&lt;app&gt;</c>.</summary>
    public string LegacyNetwork(AppKey app) => $"{Prefix}-{app.Environment}-{app.App}";

    /// <summary>A named volume's name as agents before one-to-one names gave it: <c>&lt;prefix&gt;-&lt;environment&gt;-&lt;app&gt;-&lt;volume&gt;</c>.</summary>
    public string LegacyVolume(AppKey app, string volume) => $"{Prefix}-{app.Environment}-{app.App}-{volume}";

    /// <summary>
    /// Whether <see cref="LegacyVolume"/> may name another app's volume too: a <c>-</c> in the environment, app or volume
    /// lets the name split another way (<c>a</c> + <c>b-c</c> against <c>a-b</c> + <c>c</c>).
    /// </summary>
    public static bool LegacyVolumeIsAmbiguous(AppKey app, string volume) =>
        app.Environment.Contains('-', StringComparison.Ordinal) || app.App.Contains('-', StringComparison.Ordinal)
        || volume.Contains('-', StringComparison.Ordinal);

    /// <summary>
    /// A new container's name: <c>&lt;environment&gt;_&lt;app&gt;_&lt;service&gt;_&lt;index&gt;_&lt;random&gt;</c>; the random
    /// part lets an old and a new container of one replica exist together during a start-first replace.
    /// </summary>
    public static string Container(DesiredReplica replica) =>
        Join(replica.App.Environment, replica.App.App, replica.Service, replica.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));

    /// <summary>The parts joined by <see cref="Separator"/>, each with its own separators doubled.</summary>
    public static string Join(params ReadOnlySpan<string> parts)
    {
        var name = new StringBuilder();
        foreach (var part in parts)
        {
            if (name.Length > 0)
            {
                name.Append(Separator);
            }
            name.Append(part.Replace("_", "__", StringComparison.Ordinal));
        }
        return name.ToString();
    }
}
