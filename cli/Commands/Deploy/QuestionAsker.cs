using Codemason.Cli.Errors;
using Codemason.Cli.Hosting;
using Codemason.Mortar;

namespace Codemason.Cli.Commands.Deploy;

/// <summary>
/// Completes the answers to a mason.json's questions: on a terminal it asks every unanswered required
/// question (masked for secrets); otherwise it fails listing them all, so CI logs say what to pass.
/// </summary>
internal static class QuestionAsker
{
    public static Dictionary<string, string> Complete(IReadOnlyList<MasonQuestion> questions, IReadOnlyDictionary<string, string> given, IPrompter? prompter)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(given);
        var answers = new Dictionary<string, string>(given, StringComparer.Ordinal);
        var unanswered = questions.Where(q => q.IsUnanswered(answers)).ToList();
        if (unanswered.Count == 0)
        {
            return answers;
        }
        if (prompter is null)
        {
            throw new UserErrorException(
                $"{unanswered.Count} {(unanswered.Count == 1 ? "question needs an answer" : "questions need answers")} and stdin is not a terminal:\n"
                    + string.Join("\n", unanswered.Select(q => "  " + Describe(q))),
                "answer with --set KEY=VALUE (one per question)");
        }
        foreach (var question in unanswered)
        {
            var prompt = question.Description is { Length: > 0 } d ? $"{question.AnswerKey} ({d}):" : $"{question.AnswerKey}:";
            answers[question.AnswerKey] = IsSecret(question)
                ? prompter.AskSecret(prompt, allowEmpty: false)
                : prompter.Ask(prompt, null, allowEmpty: false);
        }
        return answers;
    }

    /// <summary>Masked when the file says so or the key looks like a secret (PASSWORD, TOKEN, *_KEY, ...).</summary>
    public static bool IsSecret(MasonQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Secret || MasonQuestion.LooksSecret(question.Key);
    }

    private static string Describe(MasonQuestion question) =>
        question.Description is { Length: > 0 } description ? $"{question.AnswerKey} — {description}" : question.AnswerKey;
}
