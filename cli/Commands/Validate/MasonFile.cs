using System.Text;
using Codemason.Cli.Errors;
using Codemason.Mortar;
using Codemason.Mortar.Validation;

namespace Codemason.Cli.Commands.Validate;

/// <summary>A mason.json read from disk: its label for messages, its text and what local validation found.</summary>
internal sealed record MasonFile(string Label, string FullPath, string Text, MasonValidationResult Validation)
{
    public const string DefaultName = "mason.json";

    /// <summary>
    /// Formats errors about <see cref="Text"/> for people; null formats them against the text itself. A mason.json
    /// converted from a compose file places them at the compose file's lines instead.
    /// </summary>
    public Func<IReadOnlyList<MasonError>, string>? Report { get; init; }

    /// <summary>Every error with where it is, as <see cref="Report"/> says.</summary>
    public string Format(IReadOnlyList<MasonError> errors) => Report?.Invoke(errors) ?? ValidationReport.Format(Label, Text, errors);

    /// <summary>Reads and validates <paramref name="path"/>; a missing file is a user error with a hint.</summary>
    public static MasonFile Load(string path, string label)
    {
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, DefaultName);
            label = Path.Combine(label, DefaultName);
        }
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{label} not found", "create one with: mason init");
        }
        var bytes = File.ReadAllBytes(path);
        var validation = MasonValidator.Validate(bytes);
        // The text is only for excerpts; invalid UTF-8 is already an error in the validation result.
        var text = new UTF8Encoding(false, false).GetString(bytes).TrimStart('\uFEFF');
        return new MasonFile(label, path, text, validation);
    }

    /// <summary>Throws <see cref="ValidationFailedException"/> with the full report when the file has errors.</summary>
    public MasonFile EnsureValid()
    {
        if (!Validation.IsValid)
        {
            throw new ValidationFailedException(
                ValidationReport.Summary(Label, Validation.Errors.Count),
                Format(Validation.Errors));
        }
        return this;
    }
}
