using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Routes;

/// <summary><c>mason routes</c> as a table: one row per route, then the nodes whose edges serve them.</summary>
internal static class RoutesView
{
    public static string Render(ListRoutesResponse listing, string environment, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(palette);
        if (listing.Routes.Count == 0)
        {
            return $"no routes in environment {environment}: add \"domains\" to a service, or deploy a \"type\": \"loadbalancer\" mason.json\n";
        }
        var table = new TextTable("route", "service", "replicas", "owner");
        foreach (var route in listing.Routes)
        {
            var replicas = route.Replicas.Count == 0
                ? new TableCell("none (503)", Tone.Bad)
                : new TableCell(string.Join(", ", route.Replicas.Select(r => $"{Short(r.Replica)}@{r.Node}")), Tone.Good);
            table.Add(Address(route), $"{route.App}/{route.Service}:{route.TargetPort.ToString(CultureInfo.InvariantCulture)}", replicas, route.Owner);
        }
        var edges = listing.EdgeNodes.Count == 0 ? "none" : string.Join(", ", listing.EdgeNodes);
        return table.Render(palette) + $"served by the edge on: {edges}\n";
    }

    /// <summary><c>https://shop.example.com/api</c>, with the port when it is not the scheme's own.</summary>
    public static string Address(RouteInfo route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var scheme = route.Https ? "https" : "http";
        var port = (route.Https, route.Port) is (true, 443) or (false, 80) ? "" : ":" + route.Port.ToString(CultureInfo.InvariantCulture);
        return $"{scheme}://{route.Host}{port}{route.Path}" + (route.Sticky ? " (sticky)" : "");
    }

    private static string Short(string replica) => replica[(replica.LastIndexOf('/') + 1)..];
}
