using System.Globalization;
using System.Text.Json;
using Codemason.Proto.V1;

namespace Codemason.Agent.Edge;

/// <summary>
/// The proxy's <c>edge.json</c> (docs/edge.md, "The edge process"), written from an <see cref="EdgeServer"/> (pure). A
/// destination is its replica's overlay address when the controller sent one, else the address of a replica that runs
/// on this node (the local addresses, by replica id), else it is left out: this edge cannot reach it. The certificates
/// (with their keys) and the ACME HTTP-01 answers are written as the controller sent them.
/// </summary>
public static class EdgeConfigFile
{
    /// <summary>The file's name in the proxy's configuration directory.</summary>
    public const string FileName = "edge.json";

    /// <summary>The UTF-8 JSON of the file.</summary>
    public static byte[] Write(EdgeServer server, IReadOnlyDictionary<string, string> localAddresses)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(localAddresses);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", server.RoutesVersion);
            json.WriteStartArray("routes");
            foreach (var route in server.Routes)
            {
                json.WriteStartObject();
                json.WriteString("id", route.Id);
                json.WriteString("host", route.Host);
                json.WriteString("path", route.Path);
                json.WriteNumber("port", route.Port);
                json.WriteBoolean("https", route.Https);
                json.WriteBoolean("sticky", route.Sticky);
                json.WriteStartArray("destinations");
                foreach (var destination in route.Destinations)
                {
                    var address = destination.Address.Length > 0 ? destination.Address : localAddresses.GetValueOrDefault(destination.Replica);
                    if (string.IsNullOrEmpty(address))
                    {
                        continue;
                    }
                    json.WriteStartObject();
                    json.WriteString("id", destination.Replica);
                    json.WriteString("address", string.Create(CultureInfo.InvariantCulture, $"http://{address}:{route.TargetPort}"));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("certificates");
            foreach (var certificate in server.Certificates)
            {
                json.WriteStartObject();
                json.WriteStartArray("hosts");
                foreach (var host in certificate.Hosts)
                {
                    json.WriteStringValue(host);
                }
                json.WriteEndArray();
                json.WriteString("certificatePem", certificate.CertificatePem);
                json.WriteString("keyPem", certificate.KeyPem);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("challenges");
            foreach (var challenge in server.Challenges)
            {
                json.WriteStartObject();
                json.WriteString("token", challenge.Token);
                json.WriteString("keyAuthorization", challenge.KeyAuthorization);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
