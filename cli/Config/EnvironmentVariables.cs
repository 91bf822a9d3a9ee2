namespace Codemason.Cli.Config;

/// <summary>Environment variables <c>mason</c> reads.</summary>
internal static class EnvironmentVariables
{
    /// <summary>Controller address; overrides the config file.</summary>
    public const string Controller = "CODEMASON_CONTROLLER";

    /// <summary>Pinned CA fingerprint of an https controller; overrides the config file.</summary>
    public const string CaFingerprint = "CODEMASON_CA_FINGERPRINT";

    /// <summary>"1" or "true" allows an http:// controller that is not on loopback, as <c>mason login --insecure</c> does.</summary>
    public const string Insecure = "CODEMASON_INSECURE";

    /// <summary>API token; overrides the config file.</summary>
    public const string Token = "CODEMASON_TOKEN";

    /// <summary>Default environment; overrides the config file.</summary>
    public const string Environment = "CODEMASON_ENV";

    /// <summary>Path of the config file (instead of the XDG location).</summary>
    public const string Config = "CODEMASON_CONFIG";

    /// <summary>Any non-empty value turns colour off (https://no-color.org).</summary>
    public const string NoColor = "NO_COLOR";
}
