namespace Codemason.Acme;

/// <summary>The status values of orders, authorizations and challenges (RFC 8555 §7.1.6).</summary>
internal static class AcmeStatus
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Processing = "processing";
    public const string Valid = "valid";
    public const string Invalid = "invalid";
}
