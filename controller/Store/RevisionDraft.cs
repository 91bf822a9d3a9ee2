using Codemason.Mortar.Model;

namespace Codemason.Controller.Store;

/// <summary>
/// A revision to store for an app. The store compares <see cref="ModelJson"/> with the current revision's
/// model inside the write transaction: equal means no new revision.
/// </summary>
/// <param name="App">Environment and app.</param>
/// <param name="CreatedBy">Who (the API token's name).</param>
/// <param name="Reason">"apply", "rollback to 3", "scale web=4".</param>
/// <param name="Source">The mason.json as submitted.</param>
/// <param name="Answers">Answers with secret values already redacted.</param>
/// <param name="ModelJson">The normalised model (<c>MortarJson</c>).</param>
/// <param name="Services">The services with their agent specs.</param>
/// <param name="ExpectedCurrentRevision">When set, the app's current revision must be this (0 = the app must not exist), else <c>ConflictException</c>.</param>
public sealed record RevisionDraft(
    AppKey App,
    string CreatedBy,
    string Reason,
    string Source,
    IReadOnlyDictionary<string, string> Answers,
    string ModelJson,
    IReadOnlyList<ServiceDraft> Services,
    long? ExpectedCurrentRevision = null)
{
    /// <summary>
    /// The model <see cref="ModelJson"/> was written from, when the caller has it (apply, rollback, scale). Its routes are
    /// checked inside the write transaction against the environment's other apps (<see cref="Apply.RouteCheck"/>): a
    /// refused one is a <c>RouteRefusedException</c> and nothing is stored. Null: no check.
    /// </summary>
    public AppSpec? Spec { get; init; }
}
