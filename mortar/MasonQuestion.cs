using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar;

/// <summary>
/// A question of a mason.json, as the CLI asks it and the pipeline answers it. The answer becomes the
/// environment variable <see cref="Key"/> of <see cref="Service"/> (or of every service, for an
/// application-level question).
/// </summary>
/// <param name="Service">The service it belongs to; null for a question at the top of an application (applies to all services).</param>
/// <param name="Key">Environment variable name.</param>
/// <param name="Default">The file's <c>value</c>; empty = no default.</param>
/// <param name="Description">What the value is for.</param>
/// <param name="Required">Whether a value is needed (default true); satisfied by a non-empty default.</param>
/// <param name="Secret">Hide when asking and mark the variable secret: the file's <c>secret</c>, else guessed from the key.</param>
/// <param name="AnswerKey">The key to answer it by: <c>KEY</c>, or <c>service.KEY</c> for a service's question in an application (a bare <c>KEY</c> answers it too).</param>
/// <param name="Path">JSON path of the question.</param>
/// <param name="Position">Where the question starts.</param>
public sealed record MasonQuestion(
    ServiceName? Service,
    string Key,
    string Default,
    string? Description,
    bool Required,
    bool Secret,
    string AnswerKey,
    string Path,
    SourcePosition Position)
{
    private static readonly string[] SecretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE", "CREDENTIAL"];
    private static readonly string[] SecretSegments = ["KEY", "PASS", "PWD", "APIKEY", "AUTH"];

    /// <summary>True when the key looks like it holds a secret (PASSWORD, SECRET, TOKEN, API_KEY, ...).</summary>
    public static bool LooksSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var upper = key.ToUpperInvariant();
        return SecretWords.Any(w => upper.Contains(w, StringComparison.Ordinal))
            || upper.Split('_').Any(s => SecretSegments.Contains(s));
    }

    /// <summary>The answer supplied for this question, by <see cref="AnswerKey"/> then by <see cref="Key"/>; null when none.</summary>
    public string? FindAnswer(IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return answers.TryGetValue(AnswerKey, out var value) || answers.TryGetValue(Key, out value) ? value : null;
    }

    /// <summary>The value the variable gets: the answer, else a non-empty default; null when there is neither.</summary>
    public string? Resolve(IReadOnlyDictionary<string, string> answers) =>
        FindAnswer(answers) ?? (Default.Length > 0 ? Default : null);

    /// <summary>True when the question is required and neither an answer nor a default gives it a value.</summary>
    public bool IsUnanswered(IReadOnlyDictionary<string, string> answers) => Required && Resolve(answers) is null;
}
