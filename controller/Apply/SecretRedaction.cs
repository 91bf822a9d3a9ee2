using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Apply;

/// <summary>Hides secret values where people can read them: stored answers and the model shown by GetRevision.</summary>
public static class SecretRedaction
{
    /// <summary>What replaces a secret value.</summary>
    public const string Mask = "********";

    /// <summary>The answers with the values of secret questions (and of keys that look secret) masked.</summary>
    public static IReadOnlyDictionary<string, string> RedactAnswers(IReadOnlyDictionary<string, string> answers, IEnumerable<MasonQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(questions);
        var secret = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in questions.Where(q => q.Secret))
        {
            secret.Add(question.Key);
            secret.Add(question.AnswerKey);
        }
        return answers.ToDictionary(
            a => a.Key,
            a => secret.Contains(a.Key) || MasonQuestion.LooksSecret(a.Key) ? Mask : a.Value,
            StringComparer.Ordinal);
    }

    /// <summary>The model with secret environment values and registry passwords masked.</summary>
    public static AppSpec RedactModel(AppSpec app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app with
        {
            Services =
            [
                .. app.Services.Select(s => s with
                {
                    Environment = [.. s.Environment.Select(e => e.Secret ? e with { Value = Mask } : e)],
                    Registry = s.Registry is null ? null : s.Registry with { Password = s.Registry.Password is null ? null : Mask },
                }),
            ],
        };
    }
}
