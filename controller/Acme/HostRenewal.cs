using Codemason.Acme;

namespace Codemason.Controller.Acme;

/// <summary>What <see cref="CertificatePlanner"/> decided for one host.</summary>
/// <param name="Host">The https host (lower case).</param>
/// <param name="Plan">Whether to issue now, else when to look again.</param>
public sealed record HostRenewal(string Host, RenewalPlan Plan);
