using System.Net;

namespace Codemason.Bench.Cluster;

/// <summary>One node of the multi-node harness (<c>scripts/cluster.sh env</c>).</summary>
/// <param name="Name">n1, n2, …</param>
/// <param name="Namespace">Its network namespace, under <c>/var/run/netns</c>.</param>
/// <param name="Address">Its address on the harness bridge; its engine's published ports answer here.</param>
/// <param name="DockerHost">Its engine's socket, <c>unix://…/docker.sock</c>.</param>
internal sealed record HarnessNode(string Name, string Namespace, IPAddress Address, string DockerHost)
{
    /// <summary>The namespace as a path for setns(2) or <c>nsenter --net=</c>.</summary>
    public string NamespacePath => $"/var/run/netns/{Namespace}";
}
