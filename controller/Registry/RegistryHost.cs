namespace Codemason.Controller.Registry;

/// <summary>Where an environment's registry runs, the address nodes reach it at, and the TLS material it serves with (stored).</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Node">The node that runs the registry container; its storage volume lives there.</param>
/// <param name="Address"><c>host:port</c> every node pulls from and builds push to; image references start with it.</param>
/// <param name="CertificatePem">The registry's certificate for <see cref="Address"/>'s host, then the CA.</param>
/// <param name="KeyPem">Its private key (secret: sent only to <see cref="Node"/>).</param>
/// <param name="IssuedAt">When the certificate was issued (it is issued again after half its life).</param>
public sealed record RegistryHost(string Environment, NodeId Node, string Address, string CertificatePem, string KeyPem, DateTimeOffset IssuedAt);
