using Codemason.Acme;
using Codemason.Controller.Edge;

namespace Codemason.Controller.Acme;

/// <summary>What <see cref="CertificatePlanner"/> decided for one host.</summary>
/// <param name="Host">The https host (lower case).</param>
/// <param name="Stored">Its ACME row (a certificate, or only failures); null when it has none.</param>
/// <param name="Plan">Whether to issue now, else when to look again.</param>
public sealed record HostRenewal(string Host, HostCertificate? Stored, RenewalPlan Plan);
