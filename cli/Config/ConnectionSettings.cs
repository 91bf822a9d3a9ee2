using Codemason.Cli.Errors;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;

namespace Codemason.Cli.Config;

/// <summary>
/// The controller, token and environment a command uses, resolved from (highest first) flags,
/// <c>CODEMASON_*</c> environment variables, the config file, then defaults.
/// </summary>
internal sealed record ConnectionSettings(
    string? Controller,
    SettingSource ControllerSource,
    string? Token,
    SettingSource TokenSource,
    string Environment,
    SettingSource EnvironmentSource)
{
    /// <summary>The environment used when nothing names one.</summary>
    public const string DefaultEnvironment = "production";

    public static ConnectionSettings Resolve(CliConfig config, Func<string, string?> environment, string? environmentFlag = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (controller, controllerSource) = Pick(null, environment(EnvironmentVariables.Controller), config.Controller, null);
        var (token, tokenSource) = Pick(null, environment(EnvironmentVariables.Token), config.Token, null);
        var (env, envSource) = Pick(environmentFlag, environment(EnvironmentVariables.Environment), config.Environment, DefaultEnvironment);
        var (fingerprint, _) = Pick(null, environment(EnvironmentVariables.CaFingerprint), config.CaFingerprint, null);
        var insecureVariable = environment(EnvironmentVariables.Insecure);
        var insecure = insecureVariable is "1" || string.Equals(insecureVariable, "true", StringComparison.OrdinalIgnoreCase) || config.Insecure;
        return new ConnectionSettings(controller, controllerSource, token, tokenSource, env!, envSource) { CaFingerprint = fingerprint, Insecure = insecure };
    }

    /// <summary>Whether an <c>http://</c> controller beyond loopback is allowed (<c>CODEMASON_INSECURE</c>, or <c>mason login --insecure</c>).</summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// Refuses (exit 2) an <c>http://</c> controller beyond loopback unless <paramref name="insecure"/>: the token would
    /// cross the network in cleartext. The message names <c>--insecure</c>.
    /// </summary>
    public static void RequireSecureOrAllowed(Uri controller, bool insecure)
    {
        ArgumentNullException.ThrowIfNull(controller);
        if (!insecure && CleartextPolicy.NeedsInsecure(controller))
        {
            throw new UsageException(CleartextPolicy.Refusal(controller),
                $"mason login --controller https://{controller.Authority} ..., or mason login {CleartextPolicy.InsecureFlag} ... (or set {EnvironmentVariables.Insecure}=1)");
        }
    }

    /// <summary>The pinned CA fingerprint as written (<c>CODEMASON_CA_FINGERPRINT</c>, then the config file), or null.</summary>
    public string? CaFingerprint { get; init; }

    /// <summary>
    /// The pin to use for <paramref name="controller"/>: null for none or for an <c>http://</c> address (nothing to
    /// pin); a usage error (exit 2) when the text is not a fingerprint.
    /// </summary>
    public CertificateFingerprint? RequirePin(Uri controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.Scheme == Uri.UriSchemeHttps ? ParsePin(CaFingerprint, "the CA fingerprint") : null;
    }

    /// <summary>Parses a fingerprint given as <paramref name="what"/>; null for none; a usage error (exit 2) when malformed.</summary>
    public static CertificateFingerprint? ParsePin(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return CertificateFingerprint.TryParse(text, out var pin, out var error)
            ? pin
            : throw new UsageException($"{what} {error}", "copy it from the controller's start-up line (codemason-controller CA fingerprint sha256:...)");
    }

    /// <summary>The controller address as a URI; a user error when missing or malformed.</summary>
    public Uri RequireControllerUri()
    {
        if (string.IsNullOrWhiteSpace(Controller))
        {
            throw new UserErrorException(
                "no controller is configured",
                "run: mason login --controller URL --token TOKEN (or set CODEMASON_CONTROLLER)");
        }
        return ParseControllerUri(Controller);
    }

    /// <summary>The token; an auth error when missing.</summary>
    public string RequireToken() =>
        string.IsNullOrWhiteSpace(Token)
            ? throw new AuthenticationException("no API token is configured")
            : Token;

    /// <summary>Parses a controller address; a bare <c>host:port</c> gets <c>http://</c>.</summary>
    public static Uri ParseControllerUri(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            throw new UserErrorException($"'{text}' is not a controller address", "use http://HOST:PORT or https://HOST:PORT");
        }
        return uri;
    }

    private static (string? Value, SettingSource Source) Pick(string? flag, string? variable, string? file, string? fallback)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return (flag, SettingSource.Flag);
        }
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return (variable, SettingSource.EnvironmentVariable);
        }
        if (!string.IsNullOrWhiteSpace(file))
        {
            return (file, SettingSource.ConfigFile);
        }
        return fallback is null ? (null, SettingSource.None) : (fallback, SettingSource.Default);
    }
}
