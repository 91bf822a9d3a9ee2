using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Routes;

/// <summary>
/// A route read from the file, with where it was written: its hostname (what it claims) and its target (what it
/// reaches), so that errors found later — a duplicate here, an owner or a missing target at apply — point there.
/// </summary>
internal sealed record RouteDraft(RouteSpec Route, MasonPath HostPath, SourcePosition HostPosition, MasonPath TargetPath, SourcePosition TargetPosition)
{
    public RouteSource ToSource() => new(HostPath.ToString(), HostPosition, TargetPath.ToString(), TargetPosition);
}
