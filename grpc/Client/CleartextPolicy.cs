using System.Net;

namespace Codemason.Grpc.Client;

/// <summary>
/// When a cleartext (<c>http://</c>) controller address is allowed: on loopback always; beyond it only with
/// <c>--insecure</c>, since the join token, node credentials and API tokens would cross the network unencrypted
/// (docs/security.md, "Limits").
/// </summary>
public static class CleartextPolicy
{
    /// <summary>The flag that allows a cleartext controller beyond loopback, named in every refusal.</summary>
    public const string InsecureFlag = "--insecure";

    /// <summary>True when <paramref name="controller"/> is <c>http://</c> to a host that is not loopback (<c>localhost</c>, 127.0.0.0/8, ::1).</summary>
    public static bool NeedsInsecure(Uri controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.Scheme == Uri.UriSchemeHttp && !IsLoopback(controller);
    }

    /// <summary>The refusal for <paramref name="controller"/>, naming <see cref="InsecureFlag"/>.</summary>
    public static string Refusal(Uri controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return $"{controller.GetLeftPart(UriPartial.Authority)} is cleartext (http://) to a host that is not loopback: secrets would cross the "
            + $"network unencrypted; use https:// (the controller serves TLS beyond loopback by default), or pass {InsecureFlag} to allow it";
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
