namespace Codemason.Grpc;

/// <summary>The outcome of a call: a status code and an optional human-readable detail.</summary>
/// <param name="StatusCode">The code sent in <c>grpc-status</c>.</param>
/// <param name="Detail">The text sent (percent-encoded) in <c>grpc-message</c>; empty for none.</param>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    /// <summary>The successful status.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);

    /// <inheritdoc />
    public override string ToString() =>
        Detail.Length == 0 ? $"Status(StatusCode=\"{StatusCode}\")" : $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
