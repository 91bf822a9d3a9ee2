using Codemason.Agent.Session;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;
using Codemason.Telemetry.Http;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Configuration;

/// <summary>Rules across fields; every problem is reported at once.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Controller) == string.IsNullOrWhiteSpace(options.AssignmentsFile))
        {
            errors.Add("give either --controller URL (with --token-file or CODEMASON_TOKEN on the first join) or --assignments FILE");
        }
        if (!string.IsNullOrWhiteSpace(options.Token) && !string.IsNullOrWhiteSpace(options.TokenFile))
        {
            errors.Add("give the join token once: --token-file or --token, not both");
        }
        else if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            JoinTokenSource.Resolve(options, _ => null, out var tokenError);
            if (tokenError is not null)
            {
                errors.Add(tokenError);
            }
        }
        Uri? uri = null;
        if (!string.IsNullOrWhiteSpace(options.Controller)
            && (!Uri.TryCreate(options.Controller, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"--controller '{options.Controller}' is not an http:// or https:// URL");
            uri = null;
        }
        if (uri is not null && !options.Insecure && CleartextPolicy.NeedsInsecure(uri))
        {
            errors.Add($"--controller {CleartextPolicy.Refusal(uri)}");
        }
        if (!string.IsNullOrWhiteSpace(options.CaFingerprint))
        {
            if (!CertificateFingerprint.TryParse(options.CaFingerprint, out _, out var fingerprintError))
            {
                errors.Add($"--ca-fingerprint {fingerprintError}");
            }
            else if (uri is not null && uri.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"--ca-fingerprint needs an https:// controller, not '{options.Controller}' (a cleartext connection cannot be pinned)");
            }
        }
        if (options.ResyncInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("ResyncInterval must be at least 1 second");
        }
        if (options.RegistryResyncInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("RegistryResyncInterval must be at least 1 second");
        }
        if (options.StopTimeout < TimeSpan.Zero)
        {
            errors.Add("StopTimeout cannot be negative");
        }
        if (!string.IsNullOrWhiteSpace(options.HttpAddress))
        {
            if (!HttpEndpointAddress.TryParse(options.HttpAddress, out var http, out var httpError))
            {
                errors.Add($"--http {httpError}");
            }
            else if (http.Port == 0)
            {
                // The agent serves /metrics on an HttpListener, which needs a port it is told.
                errors.Add($"--http '{options.HttpAddress}': name a port, such as 127.0.0.1:9465 (port 0 cannot be served)");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.AdvertiseAddress) && !AdvertiseAddress.TryParse(options.AdvertiseAddress, out _, out var addressError))
        {
            errors.Add($"--advertise-address {addressError}");
        }
        AgentOptions.ParsePairs(options.Labels, "--labels", errors);
        AgentOptions.ParsePairs(options.ExtraLabels, "ExtraLabels", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
