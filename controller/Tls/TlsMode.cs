namespace Codemason.Controller.Tls;

/// <summary>Whether the gRPC port serves TLS (<c>--tls</c>).</summary>
public enum TlsMode
{
    /// <summary>TLS unless the listen address is loopback (the default).</summary>
    Auto,

    /// <summary>Always TLS, loopback included.</summary>
    On,

    /// <summary>Never TLS: HTTP/2 cleartext, for a controller behind a TLS-terminating proxy or on a private link.</summary>
    Off,
}
