using System.Text.Json;
using Codemason.Edge.Routing;

namespace Codemason.Edge.Configuration;

/// <summary>Parses, validates and compiles the bytes of <c>edge.json</c>; a failure is a one-line error, not an exception.</summary>
internal static class EdgeConfigLoader
{
    public static EdgeSnapshot? Load(ReadOnlySpan<byte> json, out string? error)
    {
        EdgeConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(json, EdgeJsonContext.Default.EdgeConfig);
        }
        catch (JsonException e)
        {
            error = $"edge.json does not parse: {e.Message}";
            return null;
        }

        if (config is null)
        {
            error = "edge.json is null";
            return null;
        }

        try
        {
            var snapshot = EdgeSnapshot.TryCreate(Normalize(config), out var errors);
            error = snapshot is null ? "edge.json is invalid: " + string.Join("; ", errors) : null;
            return snapshot;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A file the checks above missed must not stop the edge (it would stop again at each restart on the same
            // file): it is rejected like an invalid one.
            error = $"edge.json cannot be served: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    // A field that is missing or null in the file is an empty list or string (the serializer leaves null there
    // despite the initializers), so validation and routing never meet a null.
    private static EdgeConfig Normalize(EdgeConfig config) => config with
    {
        Version = config.Version ?? "",
        Routes = (config.Routes ?? []).Select(route => route is null ? null! : route with
        {
            Id = route.Id ?? "",
            Host = route.Host ?? "",
            Path = route.Path ?? "",
            Destinations = (route.Destinations ?? []).Select(d => d is null ? null! : d with { Id = d.Id ?? "", Address = d.Address ?? "" }).ToList(),
        }).ToList(),
        Certificates = (config.Certificates ?? []).Select(c => c is null ? null! : c with
        {
            Hosts = c.Hosts ?? [],
            CertificatePem = c.CertificatePem ?? "",
            KeyPem = c.KeyPem ?? "",
        }).ToList(),
        Challenges = (config.Challenges ?? []).Select(c => c is null ? null! : c with
        {
            Token = c.Token ?? "",
            KeyAuthorization = c.KeyAuthorization ?? "",
        }).ToList(),
    };
}
