namespace Codemason.Testing.Pebble;

/// <summary>How a test's pebble behaves.</summary>
/// <param name="HttpPort">Where pebble sends HTTP-01 validation requests (the test's challenge server, or a closed port).</param>
/// <param name="NonceRejectPercent">PEBBLE_WFE_NONCEREJECT: the share of good nonces refused as badNonce.</param>
/// <param name="AuthorizationReusePercent">PEBBLE_AUTHZREUSE: how often a new order reuses a valid authorization (0: never, so every order proves every host).</param>
/// <param name="CertificateValidity">How long the certificates it issues are valid (whole seconds); null: pebble's default (5 years).</param>
public sealed record PebbleSettings(int HttpPort, int NonceRejectPercent = 0, int AuthorizationReusePercent = 0, TimeSpan? CertificateValidity = null);
