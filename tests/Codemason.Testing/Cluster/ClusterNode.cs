using System.Net;
using Codemason.Docker;

namespace Codemason.Testing.Cluster;

/// <summary>One node of an <see cref="EngineCluster"/>: a network namespace with its own Docker engine.</summary>
/// <param name="Name">Short name, <c>n1</c>, <c>n2</c>, …</param>
/// <param name="Namespace">The network namespace (<c>&lt;cluster&gt;-n1</c>); processes run in it with <c>ip netns exec</c>.</param>
/// <param name="Address">The node's address on the cluster's bridge; ports its engine publishes answer here.</param>
/// <param name="DockerHost">The node's engine, <c>unix:///…/docker.sock</c>.</param>
/// <param name="LogPath">The node's dockerd log.</param>
public sealed record ClusterNode(string Name, string Namespace, IPAddress Address, string DockerHost, string LogPath)
{
    /// <summary>A client of this node's engine (the caller disposes it).</summary>
    public DockerClient CreateClient() => new(new DockerClientOptions { Host = DockerHost });

    /// <summary>This node's engine for a test run: what <paramref name="runId"/> made there is removed on dispose.</summary>
    public TestEngine CreateTestEngine(string runId) => new(runId, DockerHost);
}
