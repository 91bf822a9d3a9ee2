using System.Security.Cryptography;
using System.Text;
using Codemason.Proto.V1;

namespace Codemason.Controller.Registry;

/// <summary>What each node of an environment is told about its registry (pure; docs/registry.md).</summary>
public static class RegistryMessage
{
    /// <summary>
    /// The message for <paramref name="node"/>: the address and the CA to trust for every node; the server part (image,
    /// port, configuration, certificate and key) only for the node that runs it. A null <paramref name="host"/> tells
    /// the node the environment has no registry.
    /// </summary>
    public static EnvironmentRegistry For(string environment, RegistryHost? host, NodeId node, string caPem, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var message = new EnvironmentRegistry { Environment = environment };
        if (host is null)
        {
            return message;
        }
        message.Address = host.Address;
        message.CaPem = caPem;
        if (host.Node == node)
        {
            var server = new RegistryServer
            {
                Image = options.Image,
                Port = (uint)options.Port,
                ConfigYaml = Configuration(options).Render(),
                CertificatePem = host.CertificatePem,
                KeyPem = host.KeyPem,
                Realm = options.Realm?.AbsoluteUri ?? "",
            };
            server.SpecHash = Hash(server, caPem);
            message.Server = server;
        }
        return message;
    }

    /// <summary>
    /// The registry's configuration. Its realm is a placeholder unless <see cref="RegistryOptions.Realm"/> is set: the
    /// agent sets <c>REGISTRY_AUTH_TOKEN_REALM</c> to the URL it reaches the controller at, which overrides it.
    /// </summary>
    public static RegistryConfiguration Configuration(RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RegistryConfiguration
        {
            Realm = options.Realm ?? new Uri($"http://controller{RegistryOptions.TokenPath}"),
            Service = options.Service,
            Issuer = options.Issuer,
        };
    }

    private static string Hash(RegistryServer server, string caPem)
    {
        var text = string.Join('\n', server.Image, server.Port, server.ConfigYaml, server.CertificatePem, server.KeyPem, server.Realm, caPem);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
