using Codemason.Mortar.Normalisation;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Validation;

/// <summary>
/// Local validation (<c>mason validate</c>): parse, JSON Schema and semantic rules, without answers, template
/// values or service discovery. Unanswered questions, <c>${branch}</c>/<c>${commit}</c> and links to other apps
/// are not errors here; <see cref="MortarPipeline"/> checks them at deploy time. Never throws for bad input.
/// </summary>
public static class MasonValidator
{
    public static MasonValidationResult Validate(string text, MortarLimits? limits = null) =>
        Validate(MasonParser.Parse(text, limits), limits);

    public static MasonValidationResult Validate(ReadOnlySpan<byte> utf8, MortarLimits? limits = null) =>
        Validate(MasonParser.Parse(utf8, limits), limits);

    /// <summary>Validates an already parsed document (its parse errors, such as duplicate keys, included).</summary>
    public static MasonValidationResult Validate(MasonParseResult parsed, MortarLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        limits ??= MortarLimits.Default;
        var sink = new ErrorSink(limits.MaxErrors);
        sink.AddRange(parsed.Errors);
        if (parsed.Document is null)
        {
            return new MasonValidationResult(null, null, sink.ToList(), []);
        }
        var draft = new MasonNormaliser(sink, limits, variables: null, appOverride: null, hostPathBase: null).Run(parsed.Document);
        sink.AddRange(SchemaValidator.Validate(parsed.Document));
        return new MasonValidationResult(parsed.Document, draft?.Type, sink.ToList(), draft?.Questions ?? []);
    }
}
