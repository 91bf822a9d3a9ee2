using Codemason.Cli.Hosting;

namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>Answers prompts from a queue and records what was asked and whether it was masked.</summary>
internal sealed class FakePrompter(params string[] answers) : IPrompter
{
    private readonly Queue<string> _answers = new(answers);

    public List<(string Prompt, bool Secret)> Asked { get; } = [];

    public bool ConfirmAnswer { get; init; }

    public string Ask(string prompt, string? defaultValue, bool allowEmpty, Func<string, string?>? validate = null)
    {
        Asked.Add((prompt, false));
        var answer = _answers.Dequeue();
        return answer.Length == 0 && defaultValue is not null ? defaultValue : answer;
    }

    public string AskSecret(string prompt, bool allowEmpty)
    {
        Asked.Add((prompt, true));
        return _answers.Dequeue();
    }

    public bool Confirm(string prompt, bool defaultValue)
    {
        Asked.Add((prompt, false));
        return ConfirmAnswer;
    }
}
