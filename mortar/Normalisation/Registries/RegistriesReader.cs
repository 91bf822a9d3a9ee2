using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Registries;

/// <summary>
/// Reads the top-level <c>registries</c>: <c>{ "server", "username", "password" }</c> per private registry, the
/// server normalised to a host (Docker Hub's aliases to <c>docker.io</c>) and listed once. The original product's
/// form <c>{ "address", "email", "username", "password" }</c> reads the same: <c>address</c> is another name for
/// <c>server</c> (one of the two), and <c>email</c> is accepted and not used.
/// </summary>
internal sealed class RegistriesReader(NodeReader reader)
{
    /// <summary>The credentials, one per registry host, for the services whose images live there.</summary>
    public IReadOnlyList<RegistryCredential> Read(MasonObject root)
    {
        var credentials = new List<RegistryCredential>();
        var list = reader.ReadArray(root, "registries", MasonPath.Root);
        if (list is null)
        {
            return credentials;
        }
        var path = MasonPath.Root.Property("registries");
        foreach (var (registry, itemPath) in reader.ItemsOf<MasonObject>(list, path, "an object { \"server\": ..., \"username\": ..., \"password\": ... }"))
        {
            if (ReadCredential(registry, itemPath, credentials) is { } credential)
            {
                credentials.Add(credential);
            }
        }
        return credentials;
    }

    private RegistryCredential? ReadCredential(MasonObject registry, MasonPath itemPath, List<RegistryCredential> earlier)
    {
        reader.CheckProperties(registry, itemPath, MasonFields.Registry);
        var username = reader.ReadString(registry, "username", itemPath);
        var password = reader.ReadString(registry, "password", itemPath);
        // The original product's registries carried an e-mail for "docker login"; registries no longer use it.
        reader.ReadString(registry, "email", itemPath);
        if (ReadServer(registry, itemPath) is not var (server, field, serverNode))
        {
            return null;
        }
        var serverPath = itemPath.Property(field);
        var host = Host(server);
        if (host is null)
        {
            reader.Errors.Add(serverPath, serverNode.Position, $"\"{server}\" — expected a registry host such as \"registry.example.com:5000\"");
            return null;
        }
        if (earlier.Any(r => string.Equals(r.Server, host, StringComparison.OrdinalIgnoreCase)))
        {
            reader.Errors.Add(serverPath, serverNode.Position, $"\"{server}\" — this registry is listed twice");
            return null;
        }
        return new RegistryCredential(host, username, password);
    }

    /// <summary>
    /// The registry's host as written in <c>server</c> or <c>address</c> (the original product's name for it), with the
    /// field it came from; null when neither or both are given (reported) or the value is not a string.
    /// </summary>
    private (string Server, string Field, MasonNode Node)? ReadServer(MasonObject registry, MasonPath itemPath)
    {
        var server = reader.ReadString(registry, "server", itemPath);
        var address = reader.ReadString(registry, "address", itemPath);
        switch (registry["server"], registry["address"])
        {
            case (null, null):
                reader.Errors.Add(itemPath.Property("server"), registry.Position,
                    "required property is missing: a registry needs a \"server\" (host[:port]; \"address\" is another name for it)",
                    MasonErrorKind.Schema);
                return null;
            case ({ }, { } both):
                reader.Errors.Add(itemPath.Property("address"), both.Position,
                    "\"server\" and \"address\" are two names for the same field; give one of them", MasonErrorKind.Schema);
                return null;
            case ({ } node, null):
                return server is null ? null : (server, "server", node);
            case (null, { } node):
                return address is null ? null : (address, "address", node);
        }
    }

    /// <summary>The host[:port] of a server as written (a scheme and trailing slashes dropped); null when it is not one.</summary>
    private static string? Host(string server)
    {
        var host = server.Trim();
        if (host.Contains("://", StringComparison.Ordinal))
        {
            host = host[(host.IndexOf("://", StringComparison.Ordinal) + 3)..];
        }
        host = host.TrimEnd('/');
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
        {
            return null;
        }
        return host is "index.docker.io" or "registry-1.docker.io" or "hub.docker.com" ? ImageReference.DockerHub : host;
    }
}
