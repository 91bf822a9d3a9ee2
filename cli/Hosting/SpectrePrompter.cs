using Spectre.Console;

namespace Codemason.Cli.Hosting;

/// <summary>Prompts through Spectre.Console on the terminal (stdout when it is one, else stderr).</summary>
internal sealed class SpectrePrompter(IAnsiConsole console) : IPrompter
{
    public string Ask(string prompt, string? defaultValue, bool allowEmpty, Func<string, string?>? validate = null)
    {
        var question = new TextPrompt<string>(Markup.Escape(prompt));
        if (validate is not null)
        {
            question.Validate(answer => validate(answer) is { } problem ? ValidationResult.Error(Markup.Escape(problem)) : ValidationResult.Success());
        }
        if (!string.IsNullOrEmpty(defaultValue))
        {
            question.DefaultValue(defaultValue);
        }
        else if (allowEmpty)
        {
            question.AllowEmpty();
        }
        return console.Prompt(question);
    }

    public string AskSecret(string prompt, bool allowEmpty)
    {
        var question = new TextPrompt<string>(Markup.Escape(prompt)).Secret();
        if (allowEmpty)
        {
            question.AllowEmpty();
        }
        return console.Prompt(question);
    }

    public bool Confirm(string prompt, bool defaultValue) =>
        console.Prompt(new ConfirmationPrompt(Markup.Escape(prompt)) { DefaultValue = defaultValue });
}
