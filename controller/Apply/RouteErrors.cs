using Codemason.Mortar;
using Codemason.Mortar.Syntax;

namespace Codemason.Controller.Apply;

/// <summary>Refused routes as mason.json errors (code <c>route</c>), at the line:column Mortar recorded for each route.</summary>
public static class RouteErrors
{
    /// <summary>
    /// One error per problem: a claimed hostname at the field that claims it, a missing target at the field that names it.
    /// A route without a recorded source (none should be) is reported at the document.
    /// </summary>
    public static IReadOnlyList<MasonError> AtSources(IReadOnlyList<RouteProblem> problems, IReadOnlyList<RouteSource> sources)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(sources);
        return [.. problems.Select(p =>
        {
            var source = p.RouteIndex < sources.Count ? sources[p.RouteIndex] : null;
            var (path, position) = source is null
                ? (string.Empty, SourcePosition.Start)
                : p.Kind == RouteProblemKind.Claimed ? (source.HostPath, source.HostPosition) : (source.TargetPath, source.TargetPosition);
            return new MasonError(path, position, p.Message, MasonErrorKind.Route);
        })];
    }
}
