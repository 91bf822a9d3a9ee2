namespace Codemason.Controller.Apply;

/// <summary>An apply: mason.json text, answers, template values, and who asks.</summary>
public sealed record ApplyCommand(
    string Environment,
    string MasonJson,
    IReadOnlyDictionary<string, string> Answers,
    string? Branch,
    string? Commit,
    bool DryRun,
    string Who);
