using System.Globalization;
using System.Text;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Status;

/// <summary>
/// <c>mason status</c> as text: per app a heading, then one table with a row per service followed by a row
/// per replica (node, state, age, ports, detail). Pure: the clock's "now" and the node names come in.
/// </summary>
internal static class StatusView
{
    public static string Render(IReadOnlyList<App> apps, IReadOnlyList<Replica> replicas, IReadOnlyDictionary<string, string> nodeNames, DateTimeOffset now, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(nodeNames);
        ArgumentNullException.ThrowIfNull(palette);
        var text = new StringBuilder();
        foreach (var app in apps)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }
            text.Append(palette.Paint(app.Name, Tone.Heading))
                .Append(CultureInfo.InvariantCulture, $"  {app.Environment}  revision {app.Revision}  updated {AgeFormatter.Format(app.UpdatedAt?.ToDateTimeOffset(), now)} ago")
                .Append(app.UpdatedBy.Length > 0 ? " by " + app.UpdatedBy : string.Empty)
                .Append('\n');
            if (app.Services.Count == 0)
            {
                // A load balancer: its routes are the edge proxy's; nothing runs.
                text.Append("  no services\n");
                continue;
            }
            var table = new TextTable("name", "image", "node", "address", "state", "age", "ports", "detail") { Indent = "  " };
            foreach (var service in app.Services)
            {
                var serviceReplicas = replicas
                    .Where(r => r.Environment == app.Environment && r.App == app.Name && r.Service == service.Name)
                    .OrderBy(r => r.Index)
                    .ToList();
                var counts = string.Create(CultureInfo.InvariantCulture, $"{service.Running}/{service.Scale} running");
                table.Add(
                    service.Name,
                    service.Image,
                    "",
                    "",
                    new TableCell(counts, service.Running >= service.Scale ? Tone.Good : Tone.Waiting),
                    "",
                    service.Ports.Count == 0 ? "-" : string.Join(",", service.Ports),
                    // Pending replicas carry the same explanation on their own rows.
                    serviceReplicas.Count == 0 ? string.Join("; ", service.Unplaced) : string.Empty);
                foreach (var replica in serviceReplicas)
                {
                    table.Add(
                        "  " + ResourceText.ShortReplicaId(replica),
                        "",
                        NodeName(replica.NodeId, nodeNames),
                        ResourceText.OrDash(replica.Address),
                        ResourceText.StateCell(replica.State),
                        AgeFormatter.Format(replica.UpdatedAt?.ToDateTimeOffset(), now),
                        replica.Ports.Count == 0 ? "-" : string.Join(",", replica.Ports),
                        ResourceText.Detail(replica));
                }
            }
            text.Append(table.Render(palette));
        }
        return text.ToString();
    }

    private static string NodeName(string nodeId, IReadOnlyDictionary<string, string> nodeNames) =>
        nodeId.Length == 0 ? "-" : nodeNames.TryGetValue(nodeId, out var name) ? name : nodeId;
}
