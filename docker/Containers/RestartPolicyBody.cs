namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON for a restart policy.</summary>
internal sealed record RestartPolicyBody(string Name, int MaximumRetryCount);
