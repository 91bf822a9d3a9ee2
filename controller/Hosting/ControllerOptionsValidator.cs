using Codemason.Controller.Tls;
using Codemason.Telemetry.Http;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Hosting;

/// <summary>Checks the listen URL, TLS settings and data directory; every broken rule at once.</summary>
public sealed class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!ListenAddress.TryParse(options.Listen, out _, out var error))
        {
            errors.Add(error);
        }
        if (!string.IsNullOrWhiteSpace(options.MetricsListen) && !HttpEndpointAddress.TryParse(options.MetricsListen, out _, out var metricsError))
        {
            errors.Add("--metrics-listen " + metricsError);
        }
        if (!TlsSettings.TryParseMode(options.Tls, out var tls))
        {
            errors.Add($"--tls \"{options.Tls}\" must be auto, on or off");
        }
        else if (tls == TlsMode.Off && ListenAddress.IsHttps(options.Listen))
        {
            errors.Add($"--listen \"{options.Listen}\" is https:// but --tls is off");
        }
        TlsSettings.ParseSubjectAlternativeNames(options.TlsSan, errors);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("--data must name a directory");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
