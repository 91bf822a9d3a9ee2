namespace Codemason.Mortar.Model;

/// <summary>A container health check (mason.json <c>healthcheck</c>), in the engine's form.</summary>
/// <param name="Test"><c>["CMD", ...]</c> or <c>["CMD-SHELL", "..."]</c>; a string in the file becomes CMD-SHELL.</param>
/// <param name="Interval">Between checks (default 30 s).</param>
/// <param name="Timeout">Per check (default 30 s).</param>
/// <param name="Retries">Failures before unhealthy (default 3).</param>
/// <param name="StartPeriod">Grace after start (default 0).</param>
public sealed record HealthcheckSpec(IReadOnlyList<string> Test, TimeSpan Interval, TimeSpan Timeout, int Retries, TimeSpan StartPeriod)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultRetries = 3;
}
