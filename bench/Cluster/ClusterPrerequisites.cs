namespace Codemason.Bench.Cluster;

/// <summary>What the multi-node harness needs on this machine (as <c>EngineCluster.MissingPrerequisite</c> of the tests).</summary>
internal static class ClusterPrerequisites
{
    private static readonly string[] Tools = ["dockerd", "docker", "nsenter", "ip", "iptables", "curl", "findmnt", "flock"];

    /// <summary>Why this machine cannot run the harness, or null.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the multi-node harness needs Linux (network namespaces)";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "the multi-node harness needs root (network namespaces, a bridge, dockerd, setns)";
        }
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var missing = Tools.Where(tool => !path.Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        if (missing.Count > 0)
        {
            return $"the multi-node harness needs {string.Join(", ", missing)} (apt-get install docker.io iproute2 iptables curl util-linux)";
        }
        // scripts/cluster.sh copies the test image from this machine's engine, or builds it in each node from busybox-static.
        return File.Exists("/var/run/docker.sock") || File.Exists("/bin/busybox")
            ? null
            : "the multi-node harness needs the test image: this machine's engine holding it (make engine) or busybox-static to build it";
    }
}
