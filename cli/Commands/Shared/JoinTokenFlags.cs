using System.CommandLine;
using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Cli.Commands.Shared;

/// <summary><c>--expires</c> and <c>--uses</c> of the commands that issue join tokens.</summary>
internal static class JoinTokenFlags
{
    public static Option<string> Expires(string defaultValue) => new("--expires")
    {
        Description = $"How long the token works: 30m, 24h, 7d (at most 365d; default {defaultValue})",
        HelpName = "duration",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<uint> Uses(uint defaultValue) => new("--uses")
    {
        Description = $"How many servers may join with it; 0 = any number (default {(defaultValue == 0 ? "any number" : defaultValue.ToString(CultureInfo.InvariantCulture))})",
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>The request; a usage error when <paramref name="expires"/> is not a duration.</summary>
    public static IssueJoinTokenRequest Request(string environment, bool rotate, string expires, uint uses)
    {
        var lifetime = LifetimeText.Parse(expires, "duration", "use e.g. 30m, 24h or 7d");
        return new IssueJoinTokenRequest { Environment = environment, Rotate = rotate, Ttl = Duration.FromTimeSpan(lifetime), MaxUses = uses };
    }

    /// <summary>"expires 2026-12-06 20:00 UTC, single use" — for a note on stderr.</summary>
    public static string Describe(IssueJoinTokenResponse issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var expires = LifetimeText.Expiry(issued.ExpiresAt, "does not expire");
        var uses = issued.MaxUses switch
        {
            0 => "any number of servers may join with it",
            1 => "single use",
            _ => $"{issued.MaxUses} servers may join with it",
        };
        return $"{expires}, {uses}";
    }
}
