namespace Codemason.Agent.Reconciliation;

/// <summary>An app in an environment: the unit that owns a network and named volumes on a node.</summary>
public readonly record struct AppKey(string Environment, string App)
{
    public override string ToString() => $"{Environment}/{App}";
}
