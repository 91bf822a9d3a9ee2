namespace Codemason.Controller.Networking;

/// <summary>
/// Builds what each app resolves (docs/networking.md): in app A, a service name or alias of A, and the name of every
/// link A's services make (to a service of A or of another app of the environment), each to the addresses of the
/// running replicas behind it. A name with no running replica is kept with none: it must fail fast, not fall
/// through to outside resolvers. Pure; names and addresses are sorted, so equal inputs give equal tables.
/// </summary>
public static class EndpointTable
{
    public static IReadOnlyList<AppNames> Build(IReadOnlyList<NetworkService> services, IReadOnlyList<NetworkMember> members)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(members);
        var running = members.Where(m => m.Running)
            .GroupBy(m => (m.App, m.Service))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<uint>)[.. g.Select(m => m.Address).Order()]);
        IReadOnlyList<uint> RunningOf(string app, string service) => running.GetValueOrDefault((app, service)) ?? [];

        var apps = new List<AppNames>();
        foreach (var app in services.GroupBy(s => s.App).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var names = new SortedDictionary<string, SortedSet<uint>>(StringComparer.OrdinalIgnoreCase);
            void Add(string name, IReadOnlyList<uint> addresses)
            {
                if (!names.TryGetValue(name, out var set))
                {
                    names.Add(name, set = []);
                }
                set.UnionWith(addresses);
            }
            foreach (var service in app)
            {
                Add(service.Name, RunningOf(app.Key, service.Name));
                foreach (var alias in service.Aliases)
                {
                    Add(alias, RunningOf(app.Key, service.Name));
                }
                foreach (var link in service.Links)
                {
                    Add(link.Name, RunningOf(link.App, link.Service));
                }
            }
            apps.Add(new AppNames(
                app.Key,
                names.ToDictionary(n => n.Key, n => (IReadOnlyList<uint>)[.. n.Value], StringComparer.OrdinalIgnoreCase),
                [.. members.Where(m => m.App == app.Key).Select(m => m.Address).Order()]));
        }
        return apps;
    }
}
