namespace Codemason.Mortar;

/// <summary>
/// Resolves a link the app itself does not define: finds the service in the environment, or creates it from
/// a catalog entry (whose own questions are answered from the same answers). Implemented by the controller;
/// the Mortar pipeline calls it once per distinct link target. Infrastructure failures may throw; a target
/// that does not exist is a <see cref="DiscoveryOutcome.NotFound"/> result, not an exception.
/// </summary>
public interface IServiceDiscovery
{
    ValueTask<DiscoveryResult> ResolveAsync(DiscoveryRequest request, CancellationToken cancellationToken);
}
