namespace Codemason.Compose.Conversion;

/// <summary>
/// Compose keys mason.json has no field for, each with why and what to do instead. Every one found is reported as a
/// warning at its line:column; none is dropped silently.
/// </summary>
internal static class UnsupportedKeys
{
    private const string Kernel = "mason.json cannot set it; the engine's default applies";

    /// <summary>Service keys, by name.</summary>
    public static IReadOnlyDictionary<string, string> Service { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["container_name"] = "mason names containers itself (one per replica); other services reach this one by its service name",
        ["hostname"] = "the other services of the app reach this one by its service name",
        ["domainname"] = "the other services of the app reach this one by its service name",
        ["networks"] = "every service of an app is on the environment's overlay network and reaches the others by name; add \"links\" for the services it talks to",
        ["network_mode"] = "mason attaches every container to the environment's overlay network; the host's or another container's network is not available",
        ["cap_add"] = "mason.json cannot add capabilities; \"privileged\": true grants all of them, if the service truly needs one",
        ["cap_drop"] = "mason.json cannot drop capabilities; the engine's default set applies",
        ["devices"] = "host devices cannot be passed to a container by mason.json",
        ["device_cgroup_rules"] = "host devices cannot be passed to a container by mason.json",
        ["gpus"] = "GPUs cannot be passed to a container by mason.json",
        ["secrets"] = "use a question with \"secret\": true instead: its answer (mason deploy --set KEY=VALUE) becomes an environment variable stored masked",
        ["configs"] = "put the file in the image (a build) or in a directory on the node bind-mounted with \"volumes\"",
        ["extends"] = "copy the keys of the extended service here, or share them with a YAML anchor and a merge key (<<: *defaults), which are read",
        ["dns"] = "containers use the environment's service DNS, which forwards other names to the node's resolver",
        ["dns_search"] = "containers use the environment's service DNS, which forwards other names to the node's resolver",
        ["dns_opt"] = "containers use the environment's service DNS, which forwards other names to the node's resolver",
        ["extra_hosts"] = "no /etc/hosts entries are added; reach services of the app by name (links) and other hosts through DNS",
        ["external_links"] = "link to a service of another app of the environment with \"links\": [\"app/service\"] instead",
        ["volumes_from"] = "share a named volume instead: list the same \"name:/path\" in both services",
        ["user"] = "set USER in the image's Dockerfile",
        ["working_dir"] = "set WORKDIR in the image's Dockerfile, or cd in the command",
        ["stdin_open"] = "containers run detached, without stdin",
        ["tty"] = "containers run detached, without a terminal",
        ["logging"] = "the agent reads the engine's logs; read them with mason logs",
        ["pid"] = Kernel,
        ["ipc"] = Kernel,
        ["uts"] = Kernel,
        ["userns_mode"] = Kernel,
        ["cgroup"] = Kernel,
        ["cgroup_parent"] = Kernel,
        ["isolation"] = Kernel,
        ["runtime"] = Kernel,
        ["init"] = "no init process is added; put one (tini) in the image if the service leaves zombie processes",
        ["shm_size"] = Kernel + " (64 MiB of /dev/shm)",
        ["stop_signal"] = "set STOPSIGNAL in the image's Dockerfile",
        ["stop_grace_period"] = "the agent's stop timeout applies",
        ["security_opt"] = Kernel,
        ["tmpfs"] = "no tmpfs mounts; an anonymous volume (\"/path\" in volumes) gives an empty writable directory",
        ["read_only"] = "the root filesystem stays writable",
        ["platform"] = "images run on the node's platform",
        ["pull_policy"] = "the agent pulls an image the node does not have",
        ["ulimits"] = Kernel,
        ["sysctls"] = Kernel,
        ["oom_kill_disable"] = Kernel,
        ["oom_score_adj"] = Kernel,
        ["mem_reservation"] = "only a limit is set (\"memory\", from mem_limit or deploy.resources.limits.memory)",
        ["memswap_limit"] = Kernel,
        ["mem_swappiness"] = Kernel,
        ["cpu_count"] = "use \"cpu\" (shares), converted from cpus or cpu_shares",
        ["cpu_percent"] = "use \"cpu\" (shares), converted from cpus or cpu_shares",
        ["cpu_period"] = "use \"cpu\" (shares), converted from cpus or cpu_shares",
        ["cpu_quota"] = "use \"cpu\" (shares), converted from cpus or cpu_shares",
        ["cpu_rt_period"] = Kernel,
        ["cpu_rt_runtime"] = Kernel,
        ["cpuset"] = Kernel,
        ["blkio_config"] = Kernel,
        ["storage_opt"] = Kernel,
        ["group_add"] = "set the groups in the image's Dockerfile",
        ["mac_address"] = "addresses on the overlay network are given by the controller",
        ["annotations"] = "mason.json has no annotations; use labels",
        ["attach"] = "logs are always kept; read them with mason logs",
        ["credential_spec"] = Kernel,
        ["develop"] = "compose watch is a local development feature; push to the app's git remote to rebuild",
        ["post_start"] = "run it in the image's entrypoint instead",
        ["pre_stop"] = "handle the stop signal in the service instead",
        ["label_file"] = "write the labels in \"labels\"",
        ["use_api_socket"] = "containers get no access to the engine's socket",
        ["models"] = "mason.json has no models",
        ["provider"] = "mason.json has no providers",
        ["expose"] = "nothing needs exposing: services of an app reach each other's ports by name over the overlay network",
    };

    /// <summary>Top-level keys, by name.</summary>
    public static IReadOnlyDictionary<string, string> TopLevel { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["networks"] = "every service of an app is on the environment's overlay network; no other network is created",
        ["secrets"] = "use questions with \"secret\": true; their answers become environment variables stored masked",
        ["configs"] = "put the files in the image (a build) or in a directory on the node bind-mounted with \"volumes\"",
        ["include"] = "convert each included file on its own (mason import) and deploy them as apps of one environment",
        ["models"] = "mason.json has no models",
    };
}
