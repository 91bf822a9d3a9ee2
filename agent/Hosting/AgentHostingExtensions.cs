using Codemason.Agent.Builds;
using Codemason.Agent.Configuration;
using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Agent.Status;
using Codemason.Agent.Telemetry;
using Codemason.Docker;
using Codemason.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Hosting;

/// <summary>Registers the agent: options, the engine client, the reconciler and its loops.</summary>
public static class AgentHostingExtensions
{
    /// <summary>Command-line flags and the settings they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--controller"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.Controller)}",
        ["--ca-fingerprint"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.CaFingerprint)}",
        ["--token"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.Token)}",
        ["--token-file"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.TokenFile)}",
        ["--insecure"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.Insecure)}",
        ["--assignments"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.AssignmentsFile)}",
        ["--state"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.StatePath)}",
        ["--node-name"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.NodeName)}",
        ["--labels"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.Labels)}",
        ["--advertise-address"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.AdvertiseAddress)}",
        ["--overlay"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.Overlay)}",
        ["--resource-prefix"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.ResourcePrefix)}",
        ["--extra-labels"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.ExtraLabels)}",
        ["--resync-interval"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.ResyncInterval)}",
        ["--stop-timeout"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.StopTimeout)}",
        ["--parallelism"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.Parallelism)}",
        ["--registry-certs-dir"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.RegistryCertificatesDirectory)}",
        ["--http"] = $"{AgentOptions.SectionName}:{nameof(AgentOptions.HttpAddress)}",
        ["--max-builds"] = $"{BuildOptions.SectionName}:{nameof(BuildOptions.MaxConcurrent)}",
        ["--docker-host"] = $"{DockerClientOptions.SectionName}:{nameof(DockerClientOptions.Host)}",
    };

    /// <summary>Flags that may be given without a value (<c>--insecure</c> means <c>--insecure true</c>).</summary>
    public static readonly IReadOnlySet<string> BareFlags = new HashSet<string>(StringComparer.Ordinal) { "--insecure" };

    /// <summary>
    /// <paramref name="args"/> with a value after every bare flag of <see cref="BareFlags"/> that has none (the
    /// configuration's command line reads every flag as key and value).
    /// </summary>
    public static string[] ExpandBareFlags(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var expanded = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            expanded.Add(args[i]);
            if (BareFlags.Contains(args[i]) && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                expanded.Add("true");
            }
        }
        return [.. expanded];
    }

    /// <summary>
    /// Every problem of the agent's settings in <paramref name="configuration"/> (attributes and cross-field
    /// rules), checked before the host starts so that a bad flag is one line and exit code 2, not a stack trace.
    /// </summary>
    public static IReadOnlyList<string> OptionErrors(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AgentOptions();
        var builds = new BuildOptions();
        try
        {
            configuration.GetSection(AgentOptions.SectionName).Bind(options);
            configuration.GetSection(BuildOptions.SectionName).Bind(builds);
        }
        catch (InvalidOperationException e)
        {
            return [e.InnerException?.Message ?? e.Message];
        }
        var errors = new List<string>(new AgentOptionsAttributesValidator().Validate(null, options).Failures ?? []);
        errors.AddRange(new AgentOptionsValidator().Validate(null, options).Failures ?? []);
        errors.AddRange(new BuildOptionsAttributesValidator().Validate(null, builds).Failures ?? []);
        errors.AddRange(new BuildOptionsValidator().Validate(null, builds).Failures ?? []);
        return errors;
    }

    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AgentOptions>().Bind(builder.Configuration.GetSection(AgentOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsAttributesValidator>();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddOptions<DockerClientOptions>().Bind(builder.Configuration.GetSection(DockerClientOptions.SectionName));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDockerClient>(sp =>
        {
            var docker = sp.GetRequiredService<IOptions<DockerClientOptions>>().Value;
            var metrics = sp.GetRequiredService<AgentMetrics>();
            docker.CallFailed = failure => metrics.EngineCallFailed(failure.Operation, failure.Kind);
            return new DockerClient(docker, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new NodeScope(settings.NodeName, AgentOptions.ParsePairs(settings.ExtraLabels, "ExtraLabels", []));
        });
        services.AddSingleton(sp => new EngineNames(sp.GetRequiredService<IOptions<AgentOptions>>().Value.ResourcePrefix));
        services.AddSingleton<AppObjectNames>();
        services.AddSingleton(sp => new Overlay.OverlayNames(sp.GetRequiredService<IOptions<AgentOptions>>().Value.ResourcePrefix));
        services.AddSingleton(new Overlay.CommandRunner([]));
        services.AddSingleton<Overlay.OverlayObserver>();
        services.AddSingleton<Overlay.OverlayExecutor>();
        services.AddSingleton<Overlay.OverlayConverger>();
        services.AddSingleton<Overlay.OverlayService>();
        services.AddSingleton<ContainerRequestBuilder>();
        services.AddSingleton<Registry.RegistryCredentials>();
        services.AddSingleton<ImageCache>();
        services.AddSingleton(sp => new Registry.RegistryTrustTracker(
            new Registry.RegistryTrust(sp.GetRequiredService<IOptions<AgentOptions>>().Value.RegistryCertificatesDirectory)));
        services.AddSingleton<Registry.RegistryReconciler>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new Registry.RegistryService(sp.GetRequiredService<Registry.RegistryReconciler>(), sp.GetRequiredService<Registry.RegistryTrustTracker>(),
                sp.GetRequiredService<Registry.RegistryCredentials>(), settings.Controller, settings.RegistryResyncInterval, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Registry.RegistryService>>());
        });
        services.AddSingleton<Edge.EdgeReconciler>();
        services.AddSingleton(sp =>
        {
            var edge = new Edge.EdgeService(sp.GetRequiredService<Edge.EdgeReconciler>(),
                sp.GetRequiredService<IOptions<AgentOptions>>().Value.RegistryResyncInterval, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Edge.EdgeService>>());
            // The edge follows the container that serves each replica (a start-first rollout switches it).
            sp.GetRequiredService<ReplicaStatusBoard>().ServingChanged += edge.ReplicaChanged;
            return edge;
        });
        services.AddSingleton<EngineObserver>();
        services.AddSingleton(sp => new ActionExecutor(
            sp.GetRequiredService<IDockerClient>(), sp.GetRequiredService<NodeScope>(), sp.GetRequiredService<AppObjectNames>(),
            sp.GetRequiredService<ContainerRequestBuilder>(), sp.GetRequiredService<ImageCache>(), sp.GetRequiredService<EngineObserver>(),
            sp.GetRequiredService<IOptions<AgentOptions>>().Value.StopTimeout));
        services.AddSingleton<ReplicaStatusBoard>();
        services.AddInstruments<AgentMetrics>();
        services.AddCodemasonTelemetryOnHttpListener("codemason-agent", builder.Configuration[$"{AgentOptions.SectionName}:{nameof(AgentOptions.HttpAddress)}"],
            sp => AgentHealth.Probe(sp.GetRequiredService<Reconciler>(), sp.GetRequiredService<IOptions<AgentOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Reconciler>();
        services.AddSingleton<EngineEventWatcher>();
        services.AddSingleton<AssignmentApplier>();
        services.AddSingleton<Session.ReplicaLogStreamer>();
        builder.AddAgentBuilds();
        services.AddHostedService<AgentWorker>();
        return builder;
    }

    /// <summary>Image builds the controller asks for (docs/builds.md): <see cref="BuildOptions"/> and the <see cref="BuildRunner"/>.</summary>
    public static IHostApplicationBuilder AddAgentBuilds(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BuildOptions>().Bind(builder.Configuration.GetSection(BuildOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BuildOptions>, BuildOptionsAttributesValidator>();
        services.AddSingleton<IValidateOptions<BuildOptions>, BuildOptionsValidator>();
        services.AddSingleton<BuildRunner>();
        return builder;
    }
}
