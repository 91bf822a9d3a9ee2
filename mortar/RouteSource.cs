using Codemason.Mortar.Syntax;

namespace Codemason.Mortar;

/// <summary>
/// Where one route of <see cref="Model.AppSpec.Routes"/> (same index) was written, for errors found after Mortar,
/// such as the controller's check that a hostname belongs to one app at apply.
/// </summary>
/// <param name="HostPath">JSON path of what claims the hostname: <c>targets[0].source.hostname</c> or <c>services[0].domains[1]</c>.</param>
/// <param name="HostPosition">Where that value starts.</param>
/// <param name="TargetPath">JSON path of what names the target: <c>targets[0].target.service</c>, or the domain itself.</param>
/// <param name="TargetPosition">Where that value starts.</param>
public sealed record RouteSource(string HostPath, SourcePosition HostPosition, string TargetPath, SourcePosition TargetPosition);
