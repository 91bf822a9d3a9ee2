using Codemason.Controller.Apply;

namespace Codemason.Controller.Errors;

/// <summary>
/// The app's routes cannot be stored in its environment: a hostname another app owns, or a target that does not
/// exist (FAILED_PRECONDITION). An apply turns it into <see cref="InvalidMasonJsonException"/> at the routes' line:column.
/// </summary>
public sealed class RouteRefusedException(IReadOnlyList<RouteProblem> problems)
    : ControllerException(Describe(problems))
{
    /// <summary>Every refused route, in route order.</summary>
    public IReadOnlyList<RouteProblem> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<RouteProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return "routes refused: " + string.Join("; ", problems.Select(p => p.Message));
    }
}
