using Codemason.Mortar.Model;

namespace Codemason.Mortar;

/// <summary>A link to resolve: <see cref="TargetApp"/> is null for a bare <c>"postgres"</c> (search the environment).</summary>
/// <param name="App">The app being deployed.</param>
/// <param name="TargetApp">The app named in the link (<c>"shared/postgres"</c>), or null.</param>
/// <param name="TargetService">The service named in the link.</param>
/// <param name="Answers">The deployment's answers, for catalog entries' questions.</param>
public sealed record DiscoveryRequest(AppName App, AppName? TargetApp, ServiceName TargetService, IReadOnlyDictionary<string, string> Answers);
