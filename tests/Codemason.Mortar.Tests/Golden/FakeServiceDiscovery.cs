using Codemason.Mortar.Model;

namespace Codemason.Mortar.Tests.Golden;

/// <summary>An environment made of known services ("app/service") and a catalog of service names.</summary>
internal sealed class FakeServiceDiscovery(IReadOnlyList<string> existing, IReadOnlyList<string> catalog, IReadOnlyDictionary<string, string[]>? catalogQuestions = null) : IServiceDiscovery
{
    public List<DiscoveryRequest> Requests { get; } = [];

    public ValueTask<DiscoveryResult> ResolveAsync(DiscoveryRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var match = existing.FirstOrDefault(e =>
        {
            var parts = e.Split('/');
            return string.Equals(parts[1], request.TargetService.Value, StringComparison.OrdinalIgnoreCase)
                && (request.TargetApp is null || string.Equals(parts[0], request.TargetApp.Value.Value, StringComparison.OrdinalIgnoreCase));
        });
        if (match is not null)
        {
            var parts = match.Split('/');
            return ValueTask.FromResult(DiscoveryResult.Found(new AppName(parts[0]), new ServiceName(parts[1])));
        }
        if (catalog.Contains(request.TargetService.Value, StringComparer.OrdinalIgnoreCase))
        {
            var missing = (catalogQuestions?.GetValueOrDefault(request.TargetService.Value) ?? [])
                .Where(q => !request.Answers.ContainsKey(q)).ToList();
            return ValueTask.FromResult(missing.Count > 0
                ? DiscoveryResult.NeedsAnswers(request.TargetService.Value, missing)
                : DiscoveryResult.CreatedFromCatalog(request.TargetApp ?? new AppName(request.TargetService.Value), request.TargetService, request.TargetService.Value));
        }
        return ValueTask.FromResult(DiscoveryResult.NotFound());
    }
}
