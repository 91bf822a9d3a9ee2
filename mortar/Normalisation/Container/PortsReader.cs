using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Container;

/// <summary>Reads <c>ports</c>: strings such as <c>"8080:80"</c> or <c>"8000-8002:9000-9002/udp"</c>, or container port numbers, ranges expanded.</summary>
internal sealed class PortsReader(NodeReader reader, int maxPortsPerService)
{
    /// <summary>Adds each port to the service with where it was written (host port conflicts are checked for the whole app).</summary>
    public void Read(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var ports = reader.ReadArray(node, "ports", path);
        if (ports is null)
        {
            return;
        }
        var portsPath = path.Property("ports");
        var parsed = new List<PortSpec>();
        for (var i = 0; i < ports.Items.Count; i++)
        {
            var item = ports.Items[i];
            var itemPath = portsPath.Index(i);
            var before = parsed.Count;
            var problem = item switch
            {
                MasonString text => PortSyntax.TryParse(text.Value, parsed, maxPortsPerService),
                MasonNumber { AsInt64: { } number } => PortSyntax.TryParse(number, parsed),
                MasonNumber => "container port must be a whole number 1–65535",
                _ => null,
            };
            if (item is not (MasonString or MasonNumber))
            {
                reader.TypeError(itemPath, item, "a string such as \"8080:80\" or a port number");
                continue;
            }
            if (problem is not null)
            {
                reader.Errors.Add(itemPath, item.Position, $"{NodeText.Snippet(item)} — {problem}",
                    problem.StartsWith("more than the limit", StringComparison.Ordinal) ? MasonErrorKind.Limit : MasonErrorKind.Semantic);
                continue;
            }
            var raw = item is MasonString s ? s.Value : ((MasonNumber)item).Raw;
            for (var p = before; p < parsed.Count; p++)
            {
                service.Ports.Add((parsed[p], itemPath, item.Position, raw));
            }
        }
    }
}
