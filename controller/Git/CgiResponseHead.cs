using System.Globalization;
using System.Text;

namespace Codemason.Controller.Git;

/// <summary>The head of a CGI response (RFC 3875 §6): an optional <c>Status: 200 OK</c>, header lines, a blank line.</summary>
/// <param name="StatusCode">The status; 200 without a Status line.</param>
/// <param name="Headers">The other header lines, in order.</param>
/// <param name="Length">Bytes the head takes, blank line included: where the body starts.</param>
public sealed record CgiResponseHead(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, int Length)
{
    /// <summary>Largest head accepted (git's are a few hundred bytes).</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>
    /// Reads the head at the start of <paramref name="buffer"/>; null while it is incomplete.
    /// </summary>
    /// <exception cref="FormatException">The head is malformed or longer than <see cref="MaxLength"/>.</exception>
    public static CgiResponseHead? TryParse(ReadOnlySpan<byte> buffer)
    {
        var end = FindEnd(buffer, out var separator);
        if (end < 0)
        {
            return buffer.Length > MaxLength ? throw new FormatException($"the CGI response head is longer than {MaxLength} bytes") : null;
        }
        var status = 200;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var raw in Encoding.Latin1.GetString(buffer[..end]).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"the CGI response has a header line without a name: \"{line}\"");
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                var code = value.Split(' ', 2)[0];
                if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 100 or > 599)
                {
                    throw new FormatException($"the CGI response has a bad status: \"{value}\"");
                }
            }
            else
            {
                headers.Add(new(name, value));
            }
        }
        return new CgiResponseHead(status, headers, end + separator);
    }

    /// <summary>Where the blank line starts (-1: none yet) and how long it is with the line end before it.</summary>
    private static int FindEnd(ReadOnlySpan<byte> buffer, out int separator)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != '\n')
            {
                continue;
            }
            if (i + 1 < buffer.Length && buffer[i + 1] == '\n')
            {
                separator = 2;
                return i;
            }
            if (i + 2 < buffer.Length && buffer[i + 1] == '\r' && buffer[i + 2] == '\n')
            {
                separator = 3;
                return i;
            }
        }
        separator = 0;
        return -1;
    }
}
