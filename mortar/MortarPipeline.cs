using System.Globalization;
using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation;
using Codemason.Mortar.Syntax;
using Codemason.Mortar.Validation;

namespace Codemason.Mortar;

/// <summary>
/// Mortar: mason.json → validated, normalised <see cref="AppSpec"/>. Parse leniently, validate (schema and
/// semantic rules), normalise every alternative form, expand <c>${app}</c>/<c>${branch}</c>/<c>${commit}</c>,
/// answer questions, then resolve links the app does not define through <see cref="IServiceDiscovery"/>.
/// Every error is reported at once; bad input never throws.
/// </summary>
public static class MortarPipeline
{
    /// <summary>Runs the pure part only: links outside the app stay <see cref="LinkResolution.Unresolved"/> (no discovery is called).</summary>
    public static MortarResult Process(string text, MortarContext? context = null)
    {
        context ??= MortarContext.Empty;
        return Finish(Prepare(MasonParser.Parse(text, context.Limits), context), context, discovered: null);
    }

    /// <summary>Like <see cref="Process(string, MortarContext?)"/>, from UTF-8 bytes.</summary>
    public static MortarResult Process(ReadOnlySpan<byte> utf8, MortarContext? context = null)
    {
        context ??= MortarContext.Empty;
        return Finish(Prepare(MasonParser.Parse(utf8, context.Limits), context), context, discovered: null);
    }

    /// <summary>The whole pipeline, asking <see cref="MortarContext.Discovery"/> (when set) about links the app does not define.</summary>
    public static Task<MortarResult> ProcessAsync(string text, MortarContext? context = null, CancellationToken cancellationToken = default)
    {
        context ??= MortarContext.Empty;
        return ProcessAsync(MasonParser.Parse(text, context.Limits), context, cancellationToken);
    }

    /// <summary>The whole pipeline from UTF-8 bytes.</summary>
    public static Task<MortarResult> ProcessAsync(ReadOnlyMemory<byte> utf8, MortarContext? context = null, CancellationToken cancellationToken = default)
    {
        context ??= MortarContext.Empty;
        return ProcessAsync(MasonParser.Parse(utf8.Span, context.Limits), context, cancellationToken);
    }

    /// <summary>The whole pipeline from an already parsed document.</summary>
    public static async Task<MortarResult> ProcessAsync(MasonParseResult parsed, MortarContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(context);
        var prepared = Prepare(parsed, context);
        Dictionary<(string? App, string Service), DiscoveryResult>? discovered = null;
        if (context.Discovery is { } discovery && prepared.Draft is { } draft)
        {
            discovered = [];
            foreach (var link in draft.Services.SelectMany(s => s.Links).Where(l => l.Resolved is null))
            {
                var key = (link.Reference.App?.ToUpperInvariant(), link.Reference.Service.ToUpperInvariant());
                if (!discovered.ContainsKey(key))
                {
                    var request = new DiscoveryRequest(draft.Name, link.Reference.App is { } app ? new AppName(app) : null,
                        new ServiceName(link.Reference.Service), context.Answers);
                    discovered[key] = await discovery.ResolveAsync(request, cancellationToken);
                }
            }
        }
        return Finish(prepared, context, discovered);
    }

    private sealed record Prepared(MasonDocument? Document, AppDraft? Draft, ErrorSink Errors);

    private static Prepared Prepare(MasonParseResult parsed, MortarContext context)
    {
        var sink = new ErrorSink(context.Limits.MaxErrors);
        sink.AddRange(parsed.Errors);
        if (parsed.Document is null)
        {
            return new Prepared(null, null, sink);
        }
        var appName = context.AppName;
        var variables = new TemplateVariables(appName?.Value, context.Branch, context.Commit);
        var draft = new MasonNormaliser(sink, context.Limits, variables, appName, context.HostPathBase, context.HostPolicy).Run(parsed.Document);
        sink.AddRange(SchemaValidator.Validate(parsed.Document));
        return new Prepared(parsed.Document, draft, sink);
    }

    private static MortarResult Finish(Prepared prepared, MortarContext context, Dictionary<(string? App, string Service), DiscoveryResult>? discovered)
    {
        var sink = prepared.Errors;
        if (prepared.Draft is not { } draft)
        {
            return new MortarResult(null, sink.ToList(), [], []);
        }
        var unanswered = ApplyAnswers(draft, context.Answers, sink);
        ResolveExternalLinks(draft, discovered, sink);
        var errors = sink.ToList();
        return new MortarResult(errors.Count == 0 ? draft.ToSpec() : null, errors, draft.Questions, unanswered)
        {
            RouteSources = errors.Count == 0 ? [.. draft.AllRoutes.Select(r => r.ToSource())] : [],
        };
    }

    private static List<MasonQuestion> ApplyAnswers(AppDraft draft, IReadOnlyDictionary<string, string> answers, ErrorSink sink)
    {
        var unanswered = new List<MasonQuestion>();
        foreach (var question in draft.Questions)
        {
            var value = question.Resolve(answers);
            if (value is null)
            {
                if (question.Required)
                {
                    unanswered.Add(question);
                }
                continue;
            }
            var targets = question.Service is { } owner
                ? draft.Services.Where(s => s.Name == owner)
                : draft.Services;
            foreach (var service in targets)
            {
                var variable = new EnvironmentVariable(question.Key, value, question.Secret);
                var index = service.Environment.FindIndex(e => e.Name == question.Key);
                if (index >= 0)
                {
                    service.Environment[index] = variable;
                }
                else
                {
                    service.Environment.Add(variable);
                }
            }
        }
        if (unanswered.Count > 0)
        {
            var first = unanswered[0];
            var list = string.Join(", ", unanswered.Select(q => q.AnswerKey));
            sink.Add(new MasonError(first.Path, first.Position, string.Create(CultureInfo.InvariantCulture,
                $"{unanswered.Count} required question{(unanswered.Count == 1 ? " has" : "s have")} no answer: {list}"), MasonErrorKind.Question));
        }
        return unanswered;
    }

    private static void ResolveExternalLinks(AppDraft draft, Dictionary<(string? App, string Service), DiscoveryResult>? discovered, ErrorSink sink)
    {
        foreach (var service in draft.Services)
        {
            foreach (var link in service.Links.Where(l => l.Resolved is null))
            {
                var reference = link.Reference;
                var ownApp = reference.App is null || string.Equals(reference.App, draft.Name.Value, StringComparison.OrdinalIgnoreCase);
                if (ownApp && reference.App is not null)
                {
                    continue; // already reported: the app has no such service
                }
                var target = reference.App is null ? $"service \"{reference.Service}\"" : $"\"{reference.App}/{reference.Service}\"";
                if (discovered is null)
                {
                    link.Resolved = new LinkSpec(new AppName(reference.App ?? draft.Name.Value), new ServiceName(reference.Service), reference.Alias, LinkResolution.Unresolved);
                    continue;
                }
                var result = discovered[(reference.App?.ToUpperInvariant(), reference.Service.ToUpperInvariant())];
                switch (result.Outcome)
                {
                    case DiscoveryOutcome.Found or DiscoveryOutcome.CreatedFromCatalog when result is { App: { } app, Service: { } found }:
                        // A link by another name ("pg" to the catalog's postgres) keeps that name as its host name.
                        link.Resolved = new LinkSpec(app, found, reference.Alias,
                            result.Outcome == DiscoveryOutcome.Found ? LinkResolution.Environment : LinkResolution.Catalog);
                        break;
                    case DiscoveryOutcome.NeedsAnswers:
                        sink.Add(new MasonError(link.Path.ToString(), link.Position,
                            $"\"{link.Raw}\" — {target} comes from the catalog item \"{result.CatalogItem}\", and its required questions have no answer: {string.Join(", ", result.MissingAnswers)}",
                            MasonErrorKind.Question) { CatalogItem = result.CatalogItem });
                        break;
                    case DiscoveryOutcome.InCatalog:
                        sink.Add(new MasonError(link.Path.ToString(), link.Position, $"\"{link.Raw}\" — {result.Message}", MasonErrorKind.Catalog)
                        {
                            CatalogItem = result.CatalogItem,
                        });
                        break;
                    default:
                        var where = reference.App is null
                            ? $"not defined in app \"{draft.Name.Value}\", not found in the environment and not in the catalog"
                            : "not found in the environment and not in the catalog";
                        sink.Add(new MasonError(link.Path.ToString(), link.Position,
                            $"\"{link.Raw}\" — {target} is {where}{(result.Message is { Length: > 0 } why ? $" ({why})" : string.Empty)}",
                            MasonErrorKind.Link));
                        break;
                }
            }
        }
    }
}
