namespace Codemason.Edge.Configuration;

/// <summary>Checks an <see cref="EdgeConfig"/> and returns every problem at once, each with where it is.</summary>
internal static class EdgeConfigValidator
{
    public static IReadOnlyList<string> Validate(EdgeConfig config)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(config.Version))
        {
            errors.Add("version: required");
        }

        var routeIds = new HashSet<string>(StringComparer.Ordinal);
        var bindings = new HashSet<(string Host, int Port, string Path)>();
        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            var where = $"routes[{i}]";
            if (route is null)
            {
                errors.Add($"{where}: null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(route.Id))
            {
                errors.Add($"{where}.id: required");
            }
            else if (!routeIds.Add(route.Id))
            {
                errors.Add($"{where}.id: '{route.Id}' is used by another route");
            }

            if (!IsHostName(route.Host))
            {
                errors.Add($"{where}.host: '{route.Host}' is not a hostname");
            }

            if (string.IsNullOrEmpty(route.Path) || route.Path[0] != '/')
            {
                errors.Add($"{where}.path: '{route.Path}' does not start with '/'");
            }

            if (route.Port is < 1 or > 65535)
            {
                errors.Add($"{where}.port: {route.Port} is not a port (1-65535)");
            }

            if (IsHostName(route.Host) && !string.IsNullOrEmpty(route.Path)
                && !bindings.Add((route.Host.ToLowerInvariant(), route.Port, PathPrefix.Normalize(route.Path))))
            {
                errors.Add($"{where}: {route.Host}:{route.Port}{route.Path} is bound by another route");
            }

            ValidateDestinations(route, where, errors);
        }

        for (var i = 0; i < config.Certificates.Count; i++)
        {
            var certificate = config.Certificates[i];
            var where = $"certificates[{i}]";
            if (certificate is null)
            {
                errors.Add($"{where}: null");
                continue;
            }

            if (certificate.Hosts.Count == 0)
            {
                errors.Add($"{where}.hosts: at least one host is required");
            }

            foreach (var host in certificate.Hosts)
            {
                var name = host is not null && host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
                if (!IsHostName(name))
                {
                    errors.Add($"{where}.hosts: '{host}' is not a hostname or a wildcard '*.domain'");
                }
            }

            if (string.IsNullOrWhiteSpace(certificate.CertificatePem))
            {
                errors.Add($"{where}.certificatePem: required");
            }

            if (string.IsNullOrWhiteSpace(certificate.KeyPem))
            {
                errors.Add($"{where}.keyPem: required");
            }
        }

        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Challenges.Count; i++)
        {
            var challenge = config.Challenges[i];
            var where = $"challenges[{i}]";
            if (challenge is null || string.IsNullOrEmpty(challenge.Token) || challenge.Token.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"{where}.token: required, without '/'");
            }
            else if (!tokens.Add(challenge.Token))
            {
                errors.Add($"{where}.token: '{challenge.Token}' appears twice");
            }
        }

        return errors;
    }

    private static void ValidateDestinations(EdgeRoute route, string where, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < route.Destinations.Count; j++)
        {
            var destination = route.Destinations[j];
            var at = $"{where}.destinations[{j}]";
            if (destination is null)
            {
                errors.Add($"{at}: null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(destination.Id))
            {
                errors.Add($"{at}.id: required");
            }
            else if (!ids.Add(destination.Id))
            {
                errors.Add($"{at}.id: '{destination.Id}' appears twice in the route");
            }

            if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var address)
                || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{at}.address: '{destination.Address}' is not an absolute http or https address");
            }
        }
    }

    private static bool IsHostName(string? host) =>
        !string.IsNullOrEmpty(host) && host.Length <= 253 && Uri.CheckHostName(host) is UriHostNameType.Dns
            or UriHostNameType.IPv4;
}
