using Codemason.Agent.State;
using Codemason.Proto.V1;

namespace Codemason.Agent.Registry;

/// <summary>
/// Which credentials a pull sends (pure): an image of the environment's private registry is pulled with the node's own
/// identity (user name = node id, password = node credential), which the controller's token endpoint grants pull in
/// the node's environment; anything else with what its spec says, if anything.
/// </summary>
public static class RegistryPullAuth
{
    /// <summary>
    /// The registry host of <paramref name="image"/> as the engine reads it: the part before the first <c>/</c> when it
    /// contains <c>.</c> or <c>:</c> or is <c>localhost</c>; null for Docker Hub's images (<c>busybox</c>, <c>library/x</c>).
    /// </summary>
    public static string? RegistryHostOf(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }
        var first = image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : null;
    }

    /// <summary>
    /// The credentials to pull <paramref name="image"/> with: <paramref name="specAuth"/> when it names a user; else,
    /// when the image's registry host is <paramref name="registryAddress"/> (case-insensitively) and the node has an
    /// <paramref name="identity"/>, the node's; else <paramref name="specAuth"/> as given (null: anonymous).
    /// </summary>
    public static RegistryAuth? Choose(string image, string? registryAddress, RegistryAuth? specAuth, NodeIdentity? identity)
    {
        if (specAuth is { Username.Length: > 0 } || string.IsNullOrEmpty(registryAddress) || identity is null)
        {
            return specAuth;
        }
        return string.Equals(RegistryHostOf(image), registryAddress, StringComparison.OrdinalIgnoreCase)
            ? new RegistryAuth { Server = registryAddress, Username = identity.NodeId.Value, Password = identity.Credential }
            : specAuth;
    }
}
