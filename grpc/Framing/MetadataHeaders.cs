using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Codemason.Grpc.Framing;

/// <summary>Converts metadata to and from HTTP/2 headers: text as is, <c>-bin</c> values as base64.</summary>
internal static class MetadataHeaders
{
    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            if (GrpcProtocol.IsReservedHeader(name))
            {
                continue;
            }
            foreach (var value in values)
            {
                if (value is not null)
                {
                    Add(metadata, name, value);
                }
            }
        }
        return metadata;
    }

    public static void AddFromHeaders(Metadata metadata, HttpHeaders headers)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(name))
            {
                continue;
            }
            foreach (var value in values)
            {
                Add(metadata, name, value);
            }
        }
    }

    public static void Write(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            var value = ToHeaderValue(entry);
            headers[entry.Key] = StringValues.Concat(headers[entry.Key], value);
        }
    }

    public static void Write(Metadata metadata, HttpHeaders headers)
    {
        foreach (var entry in metadata)
        {
            headers.TryAddWithoutValidation(entry.Key, ToHeaderValue(entry));
        }
    }

    public static string ToHeaderValue(MetadataEntry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;

    private static void Add(Metadata metadata, string name, string value)
    {
        if (MetadataEntry.IsBinaryKey(name))
        {
            // A binary header may carry several comma-separated base64 values.
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.Add(name, DecodeBase64(part));
            }
        }
        else
        {
            metadata.Add(name, value);
        }
    }

    private static byte[] DecodeBase64(string value)
    {
        // Senders may omit the padding.
        var padding = (4 - (value.Length % 4)) % 4;
        var padded = padding == 0 ? value : value + new string('=', padding);
        return Convert.FromBase64String(padded);
    }
}
