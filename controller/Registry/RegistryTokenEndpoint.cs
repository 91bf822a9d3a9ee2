using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;

namespace Codemason.Controller.Registry;

/// <summary>
/// The realm of the registries' token authentication: <c>GET /registry/token?service=…&amp;scope=…</c> with HTTP Basic
/// credentials: any name and an API token as the password, a node id and its node credential, or a build's credential. Answers a
/// token granting what <see cref="RegistryAccessPolicy"/> allows (possibly nothing); wrong or missing credentials get
/// 401 with <c>WWW-Authenticate: Basic realm="codemason-registry"</c>.
/// </summary>
public sealed partial class RegistryTokenEndpoint(
    ITokenStore tokens, INodeStore nodes, BuildPushCredentials builds, IRegistryTokenIssuer issuer, TimeProvider time, ILogger<RegistryTokenEndpoint> logger)
{
    /// <summary>The Basic realm named in refusals.</summary>
    public const string BasicRealm = "codemason-registry";

    /// <summary>At most one line per this interval about refused credentials.</summary>
    public static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    private readonly LogThrottle _throttle = new(time, RefusalLogInterval);

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var service = query["service"].ToString();
        if (service.Length > 0 && !string.Equals(service, issuer.Service, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "SERVICE_UNKNOWN",
                $"this controller issues tokens for service \"{issuer.Service}\", not \"{service}\"");
            return;
        }
        if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var user, out var password))
        {
            await RefuseAsync(context, "no Basic credentials");
            return;
        }
        RegistryCaller? caller;
        try
        {
            caller = await AuthenticateAsync(user, password, context.RequestAborted);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            LogStoreUnavailable(logger, ex.Message);
            context.Response.Headers.RetryAfter = "1";
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "the controller's store is not available; retry");
            return;
        }
        if (caller is null)
        {
            await RefuseAsync(context, $"wrong credentials for \"{user}\"");
            return;
        }

        var requested = query["scope"]
            .SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(RegistryAccess.ParseScope)
            .OfType<RegistryAccess>()
            .ToList();
        var granted = RegistryAccessPolicy.Grant(caller, requested);
        var token = issuer.Issue(caller.Subject, granted);
        LogIssued(logger, caller.Subject, string.Join(' ', requested), string.Join(' ', granted));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        var response = new RegistryTokenResponse(token.Value, token.Value,
            (long)(token.ExpiresAt - token.IssuedAt).TotalSeconds,
            token.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        await JsonSerializer.SerializeAsync(context.Response.Body, response, RegistryJsonContext.Default.RegistryTokenResponse, context.RequestAborted);
    }

    /// <summary>
    /// The caller of the credentials: a build's when the user name is one (<see cref="BuildPushCredentials"/>), a node
    /// when the user name is a node id whose credential the password is,
    /// else the API token the password is (the user name is then free: engines and CI send anything). Null when neither.
    /// </summary>
    private async Task<RegistryCaller?> AuthenticateAsync(string user, string password, CancellationToken cancellationToken)
    {
        if (user.StartsWith(BuildPushCredentials.UserPrefix, StringComparison.Ordinal))
        {
            return builds.Authenticate(user, password);
        }
        if (NodeId.TryParse(user, out var node) && await nodes.ValidateNodeCredentialAsync(node, password, cancellationToken) is { } identity)
        {
            return RegistryCaller.FromNode(identity);
        }
        var token = await tokens.ValidateApiTokenAsync(password, cancellationToken);
        return token is null || token.IsExpired(time.GetUtcNow()) ? null : RegistryCaller.FromApiToken(token);
    }

    /// <summary>Reads <c>Basic base64(user:password)</c>; false when the header is missing or malformed.</summary>
    internal static bool TryReadBasic(string header, out string user, out string password)
    {
        user = password = "";
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(value.Parameter))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon == decoded.Length - 1)
        {
            return false;
        }
        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }

    private Task RefuseAsync(HttpContext context, string reason)
    {
        if (_throttle.TryEnter(out var suppressed))
        {
            LogRefused(logger, reason, suppressed);
        }
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{BasicRealm}\"";
        return WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED",
            "send an API token, or a node id and its credential, as HTTP Basic credentials");
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new RegistryErrors([new RegistryError(code, message)]),
            RegistryJsonContext.Default.RegistryErrors, context.RequestAborted);
    }
}
