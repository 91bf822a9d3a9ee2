using Codemason.Proto.V1;
using Codemason.Testing;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Cli.Tests.Rollout;

/// <summary>Builders for API objects in rollout and view tests; spec hashes are given by name (<see cref="TestIds.Hash"/>), "" for none.</summary>
internal static class Replicas
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static App App(ulong revision, params (string Name, uint Scale, string Hash)[] services)
    {
        var app = new App { Environment = "production", Name = "pebble", Revision = revision, UpdatedAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(-5)), UpdatedBy = "admin" };
        app.Services.AddRange(services.Select(s => new Service { Name = s.Name, Scale = s.Scale, SpecHash = Hash(s.Hash), Image = s.Name + ":1" }));
        return app;
    }

    private static string Hash(string name) => name.Length == 0 ? "" : TestIds.Hash(name).Value;

    public static Replica Replica(string service, uint index, ReplicaState state, ulong revision, string hash = "", string explanation = "", string message = "", string node = "")
        => new()
        {
            Id = $"production/pebble/{service}#{index}",
            Environment = "production",
            App = "pebble",
            Service = service,
            Index = index,
            State = state,
            AppRevision = revision,
            SpecHash = Hash(hash),
            Explanation = explanation,
            Message = message,
            NodeId = node,
            UpdatedAt = Timestamp.FromDateTimeOffset(Now.AddSeconds(-30)),
        };
}
