using System.Text;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// A node's assignment set larger than gRPC's 4 MiB message limit reaches an agent that accepts chunked sets whole, in
/// chunks each well under the limit (docs/protocol.md, "Assignments"), checked with a raw agent stream against the real
/// controller.
/// </summary>
public sealed class AssignmentChunkingTests : RawAgentStreamTest
{
    private const int Replicas = 5_000;

    /// <summary>Room for all of them on the one node (the default is 1,000 per node).</summary>
    protected override IDictionary<string, string?>? Settings { get; } = new Dictionary<string, string?>
    {
        ["Reconcile:MaxReplicasPerNode"] = "5000",
    };

    [Test]
    [CancelAfter(300_000)]
    public async Task Resync_FiveThousandReplicasWithLargeEnvironments_CompleteSetArrivesWholeInChunksUnderTheLimit(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        await using var stream = await RawAgentStream.OpenAsync(Channel,
            new Hello
            {
                JoinToken = token, Hostname = "big-node", AdvertiseAddress = "10.213.0.11", AcceptsChunkedSets = true,
                Capacity = new Resources { MemoryMb = 1 << 20, CpuShares = 1 << 20 },
            }, cancellationToken);
        await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = LargeApp() });
        var expected = Enumerable.Range(0, Replicas).Select(i => $"prod/big/w{(i / 1000) + 1}#{(i % 1000) + 1}").ToHashSet(StringComparer.Ordinal);
        await stream.AssignedAsync(expected, cancellationToken);
        var before = stream.MessageSizes.Count;

        await stream.ResyncAsync(cancellationToken);
        var complete = await stream.NextSetAsync(cancellationToken);
        var chunks = stream.MessageSizes.Skip(before).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(complete.Kind, Is.EqualTo(AssignmentSet.Types.Kind.Complete));
            Assert.That(complete.Upserts.Select(u => u.ReplicaId).ToHashSet(StringComparer.Ordinal), Is.EquivalentTo(expected), "every replica, once");
            Assert.That(complete.Upserts.All(u => u.Spec.Environment.Count >= 40), "each with its whole environment");
            Assert.That(complete.CalculateSize(), Is.GreaterThan(ChannelSettings.DefaultMaxMessageSize), "the set is past the message limit");
            Assert.That(chunks, Has.Count.GreaterThan(1), "sent in chunks");
            Assert.That(chunks, Has.All.LessThanOrEqualTo(1024 * 1024 + 1024), "each chunk about the 1 MiB chunk size");
        });
    }

    /// <summary>Five services of 1,000 replicas (mason.json's most) with 40 variables of 100 characters: about 5 KiB of environment each.</summary>
    private static string LargeApp()
    {
        var environment = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            environment.Append(i == 0 ? "" : ", ").Append($"\"VARIABLE_{i:D2}\": \"{new string((char)('a' + (i % 26)), 100)}\"");
        }
        var services = Enumerable.Range(1, Replicas / 1000).Select(k => $$"""
            { "name": "w{{k}}", "image": "busybox:1.36", "command": ["sleep", "3600"], "scale": 1000, "environment": { {{environment}} } }
            """);
        return $$"""
            { "name": "big", "masonVersion": "v1", "services": [ {{string.Join(", ", services)}} ] }
            """;
    }
}
