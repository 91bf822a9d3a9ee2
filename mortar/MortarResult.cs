using Codemason.Mortar.Model;

namespace Codemason.Mortar;

/// <summary>
/// What the Mortar pipeline returns: the normalised app, or every error. <see cref="Questions"/> is filled
/// whenever the file could be read, so a CLI can ask <see cref="UnansweredQuestions"/> and retry.
/// </summary>
public sealed record MortarResult(AppSpec? App, IReadOnlyList<MasonError> Errors, IReadOnlyList<MasonQuestion> Questions, IReadOnlyList<MasonQuestion> UnansweredQuestions)
{
    /// <summary>Where each of <see cref="AppSpec.Routes"/> (same index) was written; empty without an app.</summary>
    public IReadOnlyList<RouteSource> RouteSources { get; init; } = [];

    /// <summary>True when there is an app and no error.</summary>
    public bool Succeeded => App is not null && Errors.Count == 0;

    /// <summary>The app, or a <see cref="MortarException"/> carrying every error.</summary>
    public AppSpec GetAppOrThrow() => Succeeded ? App! : throw new MortarException(Errors);
}
