namespace Codemason.Grpc.Client;

/// <summary>
/// The server's certificate was refused (see <see cref="ServerCertificateValidator"/>); the message says why and ends
/// with "refusing to connect".
/// </summary>
/// <remarks>
/// An <see cref="IOException"/> on purpose: the TLS stack passes an exception thrown by the validation callback on as
/// the cause of the failed connection, and grpc-dotnet turns a failed connection caused by an I/O error into
/// UNAVAILABLE (what gRPC's other stacks answer for a refused handshake) with the cause's message in the detail. An
/// <see cref="System.Security.Authentication.AuthenticationException"/> would become INTERNAL, and a callback that
/// only returns false would leave the reason out.
/// </remarks>
public sealed class ServerCertificateRefusedException(string reason) : IOException(reason + "; refusing to connect");
