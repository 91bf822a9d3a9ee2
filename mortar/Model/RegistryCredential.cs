namespace Codemason.Mortar.Model;

/// <summary>Credentials for a private registry (<c>registries[]</c>), attached to every service whose image lives there.</summary>
/// <param name="Server">Registry host, with port if any (<c>registry.example.com:5000</c>); <c>docker.io</c> for Docker Hub.</param>
/// <param name="Username">User name.</param>
/// <param name="Password">Password or token; secret.</param>
public sealed record RegistryCredential(string Server, string? Username, string? Password);
