using Codemason.Mortar.Model;

namespace Codemason.Mortar;

/// <summary>The answer of <see cref="IServiceDiscovery"/>; build it with the factory methods.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="App">The app of the target when found or created.</param>
/// <param name="Service">The target service when found or created.</param>
/// <param name="Message">Why not, in words, for <see cref="DiscoveryOutcome.NotFound"/>; what the catalog offers, for <see cref="DiscoveryOutcome.InCatalog"/>.</param>
/// <param name="MissingAnswers">Answer keys of the catalog entry's unanswered required questions.</param>
/// <param name="CatalogItem">The catalog item that creates (or could create) the target; null when none is involved.</param>
public sealed record DiscoveryResult(DiscoveryOutcome Outcome, AppName? App, ServiceName? Service, string? Message, IReadOnlyList<string> MissingAnswers,
    string? CatalogItem = null)
{
    public static DiscoveryResult Found(AppName app, ServiceName service) => new(DiscoveryOutcome.Found, app, service, null, []);

    public static DiscoveryResult CreatedFromCatalog(AppName app, ServiceName service, string item) =>
        new(DiscoveryOutcome.CreatedFromCatalog, app, service, null, [], item);

    public static DiscoveryResult NotFound(string? message = null) => new(DiscoveryOutcome.NotFound, null, null, message, []);

    public static DiscoveryResult NeedsAnswers(string item, IReadOnlyList<string> missingAnswers) =>
        new(DiscoveryOutcome.NeedsAnswers, null, null, null, missingAnswers, item);

    public static DiscoveryResult InCatalog(string item, string message) => new(DiscoveryOutcome.InCatalog, null, null, message, [], item);
}
