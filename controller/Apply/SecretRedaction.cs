using System.Text;
using Codemason.Mortar;
using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Controller.Apply;

/// <summary>Hides secret values where people can read them: stored answers, and the model and source shown by GetRevision.</summary>
public static class SecretRedaction
{
    /// <summary>What replaces a secret value.</summary>
    public const string Mask = "********";

    /// <summary>What GetRevision shows for a source that cannot be parsed (so its secrets cannot be found).</summary>
    public const string UnreadableSource = "// the source of this revision is withheld: it could not be parsed to hide its secrets\n";

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

    /// <summary>
    /// The mason.json text with its secret values replaced by <c>"********"</c> where they stand, so the text stays valid
    /// (lenient) JSON, comments and layout are kept and every line keeps its number: registry passwords (every field of a
    /// <c>registries[]</c> item or <c>registry</c> object except <c>server</c>, its other name <c>address</c>, and
    /// <c>username</c>), values of environment
    /// variables whose names look secret (<see cref="MasonQuestion.LooksSecret"/>: PASSWORD, SECRET, TOKEN, *_KEY, …) or
    /// that a secret question sets, in object (<c>"K": "v"</c>) and list (<c>"K=v"</c>) form, and defaults of secret
    /// questions. The stored source is untouched (rollback uses it); this is for people.
    /// </summary>
    public static string RedactSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length == 0)
        {
            return source;
        }
        var parsed = MasonParser.Parse(source);
        if (parsed.Document is not { } document)
        {
            return UnreadableSource;
        }
        var text = document.Text;
        var secretKeys = new HashSet<string>(StringComparer.Ordinal);
        var spans = new List<(int Start, int End, string Replacement)>();
        CollectSecretQuestions(document.Root, secretKeys);
        Collect(document.Root, text, secretKeys, spans);
        if (spans.Count == 0)
        {
            return text;
        }
        var redacted = new StringBuilder(text);
        foreach (var (start, end, replacement) in spans.OrderByDescending(s => s.Start))
        {
            redacted.Remove(start, end - start).Insert(start, replacement);
        }
        return redacted.ToString();
    }

    private static bool IsSecretQuestion(MasonObject question) =>
        question["key"] is MasonString key
        && (question["secret"] is MasonBoolean flag ? flag.Value : MasonQuestion.LooksSecret(key.Value));

    private static void CollectSecretQuestions(MasonNode node, HashSet<string> keys)
    {
        switch (node)
        {
            case MasonObject obj:
                if (obj["questions"] is MasonArray questions)
                {
                    foreach (var question in questions.Items.OfType<MasonObject>().Where(IsSecretQuestion))
                    {
                        keys.Add(((MasonString)question["key"]!).Value);
                    }
                }
                foreach (var property in obj.Properties)
                {
                    CollectSecretQuestions(property.Value, keys);
                }
                break;
            case MasonArray array:
                foreach (var item in array.Items)
                {
                    CollectSecretQuestions(item, keys);
                }
                break;
            default:
                break;
        }
    }

    private static void Collect(MasonNode node, string text, HashSet<string> secretKeys, List<(int, int, string)> spans)
    {
        switch (node)
        {
            case MasonObject obj:
                foreach (var property in obj.Properties)
                {
                    switch (property.Name)
                    {
                        case "environment":
                            CollectEnvironment(property.Value, text, secretKeys, spans);
                            break;
                        case "registry" when property.Value is MasonObject registry:
                            CollectRegistry(registry, text, spans);
                            break;
                        case "registries" when property.Value is MasonArray registries:
                            foreach (var registry in registries.Items.OfType<MasonObject>())
                            {
                                CollectRegistry(registry, text, spans);
                            }
                            break;
                        case "questions" when property.Value is MasonArray questions:
                            foreach (var question in questions.Items.OfType<MasonObject>().Where(IsSecretQuestion))
                            {
                                if (question["value"] is { } value)
                                {
                                    MaskWhole(value, text, spans);
                                }
                            }
                            break;
                        default:
                            Collect(property.Value, text, secretKeys, spans);
                            break;
                    }
                }
                break;
            case MasonArray array:
                foreach (var item in array.Items)
                {
                    Collect(item, text, secretKeys, spans);
                }
                break;
            default:
                break;
        }
    }

    private static void CollectRegistry(MasonObject registry, string text, List<(int, int, string)> spans)
    {
        foreach (var property in registry.Properties.Where(p => p.Name is not ("server" or "address" or "username")))
        {
            MaskWhole(property.Value, text, spans);
        }
    }

    private static void CollectEnvironment(MasonNode environment, string text, HashSet<string> secretKeys, List<(int, int, string)> spans)
    {
        bool IsSecret(string name) => MasonQuestion.LooksSecret(name) || secretKeys.Contains(name);
        if (environment is MasonObject variables)
        {
            foreach (var variable in variables.Properties.Where(v => IsSecret(v.Name)))
            {
                MaskWhole(variable.Value, text, spans);
            }
        }
        else if (environment is MasonArray list)
        {
            foreach (var entry in list.Items.OfType<MasonString>())
            {
                var equals = entry.Value.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && IsSecret(entry.Value[..equals]))
                {
                    var start = Offset(text, entry.Position);
                    var end = TokenEnd(text, start);
                    // The raw text up to the first '=' (the name, as written) stays; the value goes.
                    var rawEquals = text.IndexOf('=', start, end - start);
                    spans.Add((start, end, rawEquals < 0 ? $"\"{Mask}\"" : text[start..(rawEquals + 1)] + Mask + "\""));
                }
            }
        }
    }

    /// <summary>Replaces a scalar value (string, number, boolean) with the mask; an empty string (no secret) and objects and arrays stay.</summary>
    private static void MaskWhole(MasonNode value, string text, List<(int, int, string)> spans)
    {
        if (value is MasonString { Value.Length: > 0 } or { Kind: MasonNodeKind.Number or MasonNodeKind.Boolean })
        {
            var start = Offset(text, value.Position);
            spans.Add((start, TokenEnd(text, start), $"\"{Mask}\""));
        }
    }

    /// <summary>The index of a 1-based line and column (columns count UTF-16 characters).</summary>
    private static int Offset(string text, SourcePosition position)
    {
        var index = 0;
        for (var line = 1; line < position.Line; line++)
        {
            index = text.IndexOf('\n', index) + 1;
        }
        return index + position.Column - 1;
    }

    /// <summary>Where the scalar token starting at <paramref name="start"/> ends (exclusive).</summary>
    private static int TokenEnd(string text, int start)
    {
        if (text[start] == '"')
        {
            var i = start + 1;
            while (i < text.Length && text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }
            return Math.Min(i + 1, text.Length);
        }
        var end = start;
        while (end < text.Length && !(char.IsWhiteSpace(text[end]) || text[end] is ',' or '}' or ']' or '/'))
        {
            end++;
        }
        return end;
    }

    /// <summary>The model with the values of secret variables (secret questions' answers, secret-looking names) and registry passwords masked.</summary>
    public static AppSpec RedactModel(AppSpec app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app with
        {
            Services =
            [
                .. app.Services.Select(s => s with
                {
                    Environment = [.. s.Environment.Select(e => e.Secret || MasonQuestion.LooksSecret(e.Name) ? e with { Value = Mask } : e)],
                    Registry = s.Registry is null ? null : s.Registry with { Password = s.Registry.Password is null ? null : Mask },
                }),
            ],
        };
    }
}
