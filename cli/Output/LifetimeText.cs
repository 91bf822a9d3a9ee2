using System.Globalization;
using Codemason.Cli.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Cli.Output;

/// <summary>The <c>--expires</c> of the commands that issue tokens, and how an expiry reads. Pure.</summary>
internal static class LifetimeText
{
    /// <summary>The positive duration <paramref name="text"/> gives; otherwise a usage error "--expires '…' is not a <paramref name="what"/>" with <paramref name="hint"/>.</summary>
    public static TimeSpan Parse(string? text, string what, string hint) =>
        DurationParser.TryParse(text, out var lifetime) && lifetime > TimeSpan.Zero
            ? lifetime
            : throw new UsageException($"--expires '{text}' is not a {what}", hint);

    /// <summary>"expires 2027-03-05 10:00 UTC", or <paramref name="never"/> when there is no expiry.</summary>
    public static string Expiry(Timestamp? expiresAt, string never) => expiresAt is null
        ? never
        : "expires " + expiresAt.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
