namespace Codemason.Controller.Builds;

/// <summary>How one service's build on a node ended.</summary>
public sealed record AgentBuildResult(bool Succeeded, string Node, string ImageId, string Error);
