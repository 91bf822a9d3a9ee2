using Codemason.Proto.V1;

namespace Codemason.Agent.Registry;

/// <summary>
/// The registry this node must run for its environment: the <see cref="RegistryServer"/> of an
/// <see cref="EnvironmentRegistry"/>, with the token realm resolved. <see cref="SpecHash"/> stands for all of it.
/// </summary>
/// <param name="Environment">The environment whose images it stores.</param>
/// <param name="Image">The registry image (<c>local/registry:2.8</c>).</param>
/// <param name="Port">Host port the registry's 5000/tcp is published on, all interfaces.</param>
/// <param name="ConfigYaml"><c>config.yml</c>.</param>
/// <param name="CertificatePem"><c>registry.crt</c>: the server certificate, then the CA.</param>
/// <param name="KeyPem"><c>registry.key</c> (secret).</param>
/// <param name="CaPem"><c>ca.crt</c>: the root token signers chain to.</param>
/// <param name="Realm">The token realm set as <c>REGISTRY_AUTH_TOKEN_REALM</c>; empty leaves <c>config.yml</c>'s.</param>
/// <param name="SpecHash">The controller's hash of the server's spec; a container with another one is recreated.</param>
public sealed record RegistryDeployment(
    string Environment, string Image, int Port, string ConfigYaml, string CertificatePem, string KeyPem, string CaPem, string Realm, string SpecHash)
{
    /// <summary>Path of the token endpoint on the controller, appended to its URL when the message names no realm.</summary>
    public const string TokenPath = "/registry/token";

    /// <summary>
    /// What <paramref name="message"/> asks this node to run: null when it runs no registry (no address or no server).
    /// A realm left empty becomes <paramref name="controller"/> (the URL this agent reaches the controller at) +
    /// <see cref="TokenPath"/>. A server without image, with a port outside 1–65535 or without a spec hash:
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static RegistryDeployment? From(EnvironmentRegistry message, string? controller)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.Address) || message.Server is not { } server)
        {
            return null;
        }
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(server.Image))
        {
            problems.Add("no image");
        }
        if (server.Port is 0 or > 65535)
        {
            problems.Add($"port {server.Port} is not 1-65535");
        }
        if (string.IsNullOrWhiteSpace(server.SpecHash))
        {
            problems.Add("no spec hash");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException($"registry server of environment {message.Environment}: {string.Join(", ", problems)}", nameof(message));
        }
        var realm = server.Realm is { Length: > 0 } given ? given
            : string.IsNullOrWhiteSpace(controller) ? ""
            : controller.TrimEnd('/') + TokenPath;
        return new RegistryDeployment(message.Environment, server.Image, (int)server.Port, server.ConfigYaml, server.CertificatePem, server.KeyPem,
            message.CaPem, realm, server.SpecHash);
    }

    /// <summary>Leaves the key out, so logs and test failures never show it.</summary>
    public override string ToString() => $"registry {Environment} {Image} :{Port} hash={SpecHash}";
}
