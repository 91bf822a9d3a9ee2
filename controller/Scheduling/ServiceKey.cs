namespace Codemason.Controller.Scheduling;

/// <summary>A service within its environment: the app and the service name (compared ordinally).</summary>
public readonly record struct ServiceKey(string App, string Service)
{
    public override string ToString() => $"{App}/{Service}";
}
