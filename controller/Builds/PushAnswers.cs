using Codemason.Controller.Apply;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Builds;

/// <summary>
/// The answers a push applies with (pure): those of the app's current revision, since a push cannot ask. Answers of
/// secret questions are stored masked (<see cref="SecretRedaction.Mask"/>); their values are taken back from the
/// revision's model, where the variable each one set holds it. A masked answer whose variable is not there is left
/// out, so a required question is reported unanswered rather than answered with the mask.
/// </summary>
public static class PushAnswers
{
    /// <summary>The answers of the revision with <paramref name="answers"/> and model <paramref name="model"/>; none for no revision.</summary>
    public static IReadOnlyDictionary<string, string> From(IReadOnlyDictionary<string, string>? answers, AppSpec? model)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (answers is null)
        {
            return result;
        }
        foreach (var (key, value) in answers)
        {
            if (value != SecretRedaction.Mask)
            {
                result[key] = value;
            }
            else if (model is not null && Unmask(key, model) is { } secret)
            {
                result[key] = secret;
            }
        }
        return result;
    }

    /// <summary>The value of the variable answer key <c>KEY</c> or <c>service.KEY</c> set: that service's, else the first service's that has it.</summary>
    private static string? Unmask(string key, AppSpec model)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var services = dot < 0 ? model.Services : model.Services.Where(s => string.Equals(s.Name.Value, key[..dot], StringComparison.OrdinalIgnoreCase));
        var name = dot < 0 ? key : key[(dot + 1)..];
        return services.SelectMany(s => s.Environment).FirstOrDefault(e => e.Name == name)?.Value;
    }
}
