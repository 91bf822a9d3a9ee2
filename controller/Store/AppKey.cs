namespace Codemason.Controller.Store;

/// <summary>An app in an environment: apps are unique per environment.</summary>
public readonly record struct AppKey(string Environment, string App)
{
    public override string ToString() => $"{Environment}/{App}";
}
