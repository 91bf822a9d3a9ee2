using System.Net;

namespace Codemason.Discovery;

/// <summary>Reads upstream resolvers from files in resolv.conf(5) format.</summary>
public static class ResolvConf
{
    /// <summary>The DNS port.</summary>
    public const int DnsPort = 53;

    /// <summary>
    /// The host's resolv.conf, then systemd-resolved's list of real upstreams: when the first names only its
    /// 127.0.0.53 stub (unreachable from a network namespace, and skipped here), the second holds the servers behind it.
    /// </summary>
    public static IReadOnlyList<string> HostPaths { get; } = ["/etc/resolv.conf", "/run/systemd/resolve/resolv.conf"];

    /// <summary>The upstreams of the first file of <see cref="HostPaths"/> that names any; empty when none does.</summary>
    public static IReadOnlyList<IPEndPoint> ReadHostUpstreams() => ReadFirst(HostPaths);

    /// <summary>The upstreams of the first of <paramref name="paths"/> that exists and names any; empty when none does.</summary>
    public static IReadOnlyList<IPEndPoint> ReadFirst(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var upstreams = Parse(text);
            if (upstreams.Count > 0)
            {
                return upstreams;
            }
        }
        return [];
    }

    /// <summary>
    /// The <c>nameserver</c> lines of <paramref name="text"/> as endpoints on port 53, in order, duplicates dropped.
    /// Loopback addresses (127.0.0.0/8, ::1) are skipped: from a container's network namespace they are not the
    /// host's resolver. Lines that do not parse and comments (# or ;) are ignored.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var upstreams = new List<IPEndPoint>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var comment = line.IndexOfAny(['#', ';']);
            if (comment >= 0)
            {
                line = line[..comment];
            }
            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0] != "nameserver" || !IPAddress.TryParse(fields[1], out var address))
            {
                continue;
            }
            var endpoint = new IPEndPoint(address, DnsPort);
            if (!IPAddress.IsLoopback(address) && !upstreams.Contains(endpoint))
            {
                upstreams.Add(endpoint);
            }
        }
        return upstreams;
    }
}
