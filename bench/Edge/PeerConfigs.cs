using System.Globalization;
using System.Text;

namespace Codemason.Bench.Edge;

/// <summary>
/// The peers' configuration files: plain HTTP, one host routed round robin to the same backends, on loopback, one
/// access-log line per request on stdout as the edge writes one, the client's address and scheme passed on in
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> as the edge (and caddy by default) passes them, and otherwise
/// their defaults (keep-alive to clients and to backends on both).
/// </summary>
internal static class PeerConfigs
{
    public static string Haproxy(string host, int port, IReadOnlyList<string> backends)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            global
                maxconn 4096
                log stdout format raw local0

            defaults
                mode http
                log global
                option httplog
                option forwardfor
                timeout connect 5s
                timeout client 30s
                timeout server 30s

            frontend bench
                bind 127.0.0.1:{{port}}
                use_backend web if { req.hdr(host),field(1,:) -i {{host}} }

            backend web
                balance roundrobin
                http-request set-header X-Forwarded-Proto http

            """);
        for (var i = 0; i < backends.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    server web{i + 1} {backends[i]}\n");
        }
        return text.ToString();
    }

    public static string Caddyfile(string host, int port, IReadOnlyList<string> backends) => $$"""
        {
            admin off
            auto_https off
        }

        http://{{host}}:{{port}} {
            bind 127.0.0.1
            log {
                output stdout
            }
            reverse_proxy {{string.Join(' ', backends)}} {
                lb_policy round_robin
            }
        }

        """;
}
