namespace Codemason.Controller.Edge;

/// <summary>Where a stored certificate came from (docs/edge.md, "Certificates").</summary>
public enum CertificateSource
{
    /// <summary>Uploaded with <c>mason certs add</c>; never renewed by the controller.</summary>
    Uploaded,

    /// <summary>Issued by the ACME client; renewed at two thirds of its life.</summary>
    Acme,
}
