namespace Codemason.Agent.Hosting;

/// <summary>The text of <c>codemason-agent --help</c>.</summary>
public static class AgentUsage
{
    public const string Text = """
        codemason-agent: keeps this server's Docker containers matching their assignments.

        Usage:
          codemason-agent --controller URL [--token-file PATH] [--ca-fingerprint sha256:HEX] [options]
                                                      join a controller (the join token is read from --token-file,
                                                      else CODEMASON_TOKEN; needed on the first join only)
          codemason-agent --assignments FILE [options]               standalone: enforce an assignment file

        Options:
          --token-file PATH        file whose first line is the join token
          --token TOKEN            the join token on the command line (discouraged: ps and shell history show it)
          --ca-fingerprint FP      pin the controller's CA (sha256:<64 hex>, from mason agent install-command);
                                   with https:// and no pin the system trust store decides
          --insecure               allow an http:// (cleartext) controller that is not on loopback
          --state PATH             state file (default /var/lib/codemason/agent.db)
          --node-name NAME         node name (default: the host name), shown on every object the agent makes
          --labels k=v,...         node labels for placement constraints
          --advertise-address IP   this server's address for traffic between nodes
                                   (default: the local address of the route to the controller)
          --overlay true|false     put replicas on the environment's network across servers
                                   (default true; false when the engine is in another network namespace)
          --resource-prefix P      prefix of network and volume names (default codemason)
          --resync-interval T      full re-list period, e.g. 00:00:15 (default 15 s)
          --stop-timeout T         grace before a removed container is killed (default 00:00:10)
          --parallelism N          replicas reconciled at once (default 8)
          --max-builds N           image builds run at once on this node (default 1; docs/builds.md)
          --registry-certs-dir D   the engine's certs.d as the agent sees it, where it trusts its environment's
                                   registry (default /etc/docker/certs.d)
          --docker-host URL        engine address (default DOCKER_HOST or unix:///var/run/docker.sock)
          --http ADDR              serve /metrics and /healthz over HTTP/1.1, e.g. 127.0.0.1:9465 (default off)

        The assignments file is an AssignmentSet in protobuf JSON (see docs/agent.md).
        """;
}
