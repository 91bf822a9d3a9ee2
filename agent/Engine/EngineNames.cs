using System.Security.Cryptography;
using Codemason.Agent.Reconciliation;

namespace Codemason.Agent.Engine;

/// <summary>
/// Names of the engine objects the agent makes. Names are for people reading <c>docker ps</c>;
/// ownership is decided by labels only.
/// </summary>
/// <param name="Prefix">Prefix of networks and volumes (default "codemason"); agents sharing one engine use different ones.</param>
public sealed record EngineNames(string Prefix)
{
    /// <summary>The app's network: <c>&lt;prefix&gt;-&lt;environment&gt;-&lt;app&gt;</c>.</summary>
    public string Network(AppKey app) => $"{Prefix}-{app.Environment}-{app.App}";

    /// <summary>A named volume of the app: <c>&lt;prefix&gt;-&lt;environment&gt;-&lt;app&gt;-&lt;volume&gt;</c>.</summary>
    public string Volume(AppKey app, string volume) => $"{Prefix}-{app.Environment}-{app.App}-{volume}";

    /// <summary>
    /// A new container's name: <c>&lt;environment&gt;-&lt;app&gt;-&lt;service&gt;-&lt;index&gt;-&lt;random&gt;</c>; the random
    /// part lets an old and a new container of one replica exist together during a start-first replace.
    /// </summary>
    public static string Container(DesiredReplica replica) =>
        $"{replica.App.Environment}-{replica.App.App}-{replica.Service}-{replica.Index}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
