using System.Collections.Concurrent;

namespace Codemason.Agent.Engine;

/// <summary>
/// The names app networks and named volumes have on the engine. New ones get <see cref="EngineNames"/>' one-to-one
/// names; ones an earlier agent made keep their names (a volume holds data), found by their labels when the agent lists
/// or ensures them and remembered here, so that containers are created against the object that exists.
/// </summary>
public sealed class AppObjectNames(EngineNames names)
{
    private readonly ConcurrentDictionary<AppKey, string> _networks = new();
    private readonly ConcurrentDictionary<(AppKey App, string Volume), string> _volumes = new();

    /// <summary>How names are made.</summary>
    public EngineNames Names => names;

    /// <summary>The app network's name on the engine: the one found, else the one to create.</summary>
    public string Network(AppKey app) => _networks.TryGetValue(app, out var name) ? name : names.Network(app);

    /// <summary>The named volume's name on the engine: the one found, else the one to create.</summary>
    public string Volume(AppKey app, string volume) => _volumes.TryGetValue((app, volume), out var name) ? name : names.Volume(app, volume);

    /// <summary>Records the name of the app's network on the engine.</summary>
    public void FoundNetwork(AppKey app, string name) => _networks[app] = name;

    /// <summary>Records the name of a named volume on the engine.</summary>
    public void FoundVolume(AppKey app, string volume, string name) => _volumes[(app, volume)] = name;

    /// <summary>Forgets the app network's name (it was removed).</summary>
    public void ForgetNetwork(AppKey app) => _networks.TryRemove(app, out _);

    /// <summary>Forgets a named volume's name (it was removed).</summary>
    public void ForgetVolume(AppKey app, string volume) => _volumes.TryRemove((app, volume), out _);

    /// <summary>Whether <paramref name="name"/> is a name the app's network has or had: the new one or an earlier agent's.</summary>
    public bool IsNetworkOf(AppKey app, string name) => name == names.Network(app) || name == names.LegacyNetwork(app);
}
