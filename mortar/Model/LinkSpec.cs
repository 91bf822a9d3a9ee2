namespace Codemason.Mortar.Model;

/// <summary>
/// A link to another service: this service reaches <see cref="App"/>/<see cref="Service"/> under the host name <see cref="Alias"/>.
/// From <c>"postgres"</c>, <c>"shared/postgres"</c>, <c>"postgres:db"</c> or <c>"shared/postgres:db"</c>.
/// </summary>
/// <param name="App">The app of the target (this app for links inside the app).</param>
/// <param name="Service">The target service.</param>
/// <param name="Alias">Host name under which this service reaches it (the service name unless given).</param>
/// <param name="Resolution">Where the target was found.</param>
public sealed record LinkSpec(AppName App, ServiceName Service, string Alias, LinkResolution Resolution);
