using Codemason.Controller.Apply;
using Codemason.Controller.Errors;
using Codemason.Controller.Registry;
using Codemason.Controller.Store;
using Codemason.Mortar;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Builds;

/// <summary>
/// What a push to an app's deploy branch does (docs/builds.md): checks the commit's mason.json, builds every service
/// with <c>build</c> on a node of the environment, applies the revision with the built images and <c>${commit}</c>,
/// <c>${branch}</c> set, and follows its rollout. Everything is written to the push's output as it happens. A push is
/// refused (false) when its mason.json is missing or invalid, or a build fails; then nothing is deployed and the
/// running revision keeps serving.
/// </summary>
public sealed partial class PushDeployer(
    IBuildStore builds,
    IAppStore apps,
    BuildLogs logs,
    BuildQueue queue,
    AgentBuilder builder,
    ApplyCoordinator coordinator,
    EnvironmentRegistries registries,
    IOptions<BuildOptions> options,
    TimeProvider time,
    ILogger<PushDeployer> logger)
{
    /// <summary>The file a commit must have at its root.</summary>
    public const string MasonJsonPath = "mason.json";

    /// <summary>Builds and deploys <paramref name="push"/>; true when the push may be accepted.</summary>
    public async Task<bool> DeployAsync(PushedCommit push, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(output);
        var remote = await builds.GetGitRemoteAsync(push.App, cancellationToken);
        var deployBranch = remote?.DeployBranch ?? GitRemote.DefaultDeployBranch;
        if (!string.Equals(push.Branch, deployBranch, StringComparison.Ordinal))
        {
            await output.WriteLineAsync($"branch {push.Branch} is stored, not deployed: pushes to {deployBranch} deploy {push.App}");
            return true;
        }
        var masonJson = await push.Source.ReadFileAsync(MasonJsonPath, cancellationToken);
        if (masonJson is null)
        {
            await output.WriteLineAsync($"refused: commit {push.ShortCommit} has no {MasonJsonPath} at the root of the repository; " +
                "add one (mason init) and push again");
            return false;
        }
        var command = new ApplyCommand(push.App.Environment, masonJson, await AnswersAsync(push.App, cancellationToken),
            push.Branch, push.Commit, DryRun: false, push.Who);
        var app = await ValidateAsync(push, command, masonJson, output, cancellationToken);
        if (app is null)
        {
            return false;
        }
        var registry = app.Services.Any(s => s.Build is not null) ? await registries.ResolveAsync(push.App.Environment, cancellationToken) : null;
        var plan = await PlanAsync(push, app, registry?.Address ?? options.Value.Registry, output, cancellationToken);
        if (plan is null)
        {
            return false;
        }
        var build = await builds.CreateBuildAsync(push.App, push.Commit, push.Branch, push.Who, cancellationToken);
        using var log = logs.Open(build.Id, []);
        var echo = EchoAsync(log, output, cancellationToken);
        try
        {
            return await RunAsync(push, command, build, plan, registry, log, cancellationToken);
        }
        finally
        {
            log.Complete();
            await echo;
        }
    }

    /// <summary>The answers of the app's current revision (<see cref="PushAnswers"/>); none before its first revision.</summary>
    private async Task<IReadOnlyDictionary<string, string>> AnswersAsync(AppKey app, CancellationToken cancellationToken)
    {
        var current = await apps.GetAppAsync(app, cancellationToken) is null ? null : await apps.GetRevisionAsync(app, 0, cancellationToken);
        return current is null ? PushAnswers.From(null, null) : PushAnswers.From(current.Answers, MortarJson.DeserializeApp(current.NormalizedJson));
    }

    private async Task<Mortar.Model.AppSpec?> ValidateAsync(PushedCommit push, ApplyCommand command, string masonJson, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var app = await coordinator.ValidateAsync(command, cancellationToken);
            if (app.Name.Value != push.App.App)
            {
                await output.WriteLineAsync($"refused: {MasonJsonPath} names the app \"{app.Name}\", but this remote deploys \"{push.App.App}\"; " +
                    $"change \"name\", or push to the remote of {app.Name} (mason create {app.Name})");
                return null;
            }
            return app;
        }
        catch (InvalidMasonJsonException ex)
        {
            await output.WriteLineAsync($"refused: {MasonJsonPath} of commit {push.ShortCommit} is not valid:");
            await output.WriteLineAsync(MasonErrorFormatter.Format(ex.Errors, masonJson));
            if (ex.Errors.Any(e => e.Kind == MasonErrorKind.Question))
            {
                await output.WriteLineAsync($"a push answers questions with the answers of the running revision of {push.App}: " +
                    $"give a default \"value\", or answer once with mason deploy --set KEY=VALUE --env {push.App.Environment}");
            }
            return null;
        }
        catch (ControllerException ex)
        {
            await output.WriteLineAsync($"refused: {ex.Message}");
            return null;
        }
    }

    private async Task<IReadOnlyList<ServiceBuildPlan>?> PlanAsync(PushedCommit push, Mortar.Model.AppSpec app, string registry, TextWriter output, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in BuildPlanner.DockerfilePaths(app))
        {
            if (await push.Source.ExistsAsync(path, cancellationToken))
            {
                existing.Add(path);
            }
        }
        var (plans, problems) = BuildPlanner.Plan(app, push.App.Environment, push.Commit, existing.Contains, registry);
        foreach (var problem in problems)
        {
            await output.WriteLineAsync($"refused: {problem}");
        }
        return problems.Count == 0 ? plans : null;
    }

    private async Task<bool> RunAsync(PushedCommit push, ApplyCommand command, BuildRecord build, IReadOnlyList<ServiceBuildPlan> plans,
        RegistryHost? registry, BuildLog log, CancellationToken cancellationToken)
    {
        log.Append($"build {build.Id}: {push.App} at {push.ShortCommit} ({push.Branch}), pushed by {push.Who}");
        IDisposable turn;
        try
        {
            turn = await queue.WaitTurnAsync(push.App, build.Id, cancellationToken);
        }
        catch (BuildSupersededException ex)
        {
            log.Append(ex.Message);
            await builds.UpdateBuildAsync(build.Id, BuildState.Cancelled, new BuildUpdate(Error: ex.Message), CancellationToken.None);
            return false;
        }
        using (turn)
        {
            await builds.UpdateBuildAsync(build.Id, BuildState.Building, new BuildUpdate(), cancellationToken);
            if (plans.Count > 0 && !await RegistryReadyAsync(push, build, registry, log, cancellationToken))
            {
                return false;
            }
            var started = time.GetTimestamp();
            var images = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var plan in plans)
            {
                log.Append($"[{plan.Service}] {(plan.GeneratedDockerfile is null ? $"Dockerfile {plan.Dockerfile}" : "Dockerfile generated from image and build.commands")}, context {plan.Context}" +
                    (plan.Args.Count > 0 ? $", build args {plan.Args}" : ""));
                var job = new ServiceBuildJob(build.Id, push.App, plan, (stream, ct) => push.Source.WriteArchiveAsync(plan.Context,
                    plan.GeneratedDockerfile is null ? null : (plan.Dockerfile, plan.GeneratedDockerfile), stream, ct), registry?.Address);
                var result = await builder.BuildAsync(job, log, cancellationToken);
                if (!result.Succeeded)
                {
                    var error = $"[{plan.Service}] build failed{(result.Node.Length > 0 ? " on " + result.Node : "")}: {result.Error}";
                    log.Append(error);
                    log.Append($"nothing was deployed; {push.App} keeps running what it ran");
                    await builds.UpdateBuildAsync(build.Id, BuildState.Failed, new BuildUpdate(Node: result.Node, Error: result.Error), CancellationToken.None);
                    return false;
                }
                images[plan.Service] = plan.Image;
                log.Append($"[{plan.Service}] built {plan.Image} ({ShortId(result.ImageId)}) on {result.Node}");
            }
            if (plans.Count > 0)
            {
                log.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"built in {time.GetElapsedTime(started).TotalSeconds:0.0} s"));
            }
            var deployed = await ApplyAsync(push, command with { BuiltImages = images }, build, images, log, cancellationToken);
            if (deployed && registry is not null && plans.Count > 0)
            {
                registries.Prune(push.App, registry, CancellationToken.None);
            }
            return deployed;
        }
    }

    /// <summary>
    /// True when the images can be pushed: the environment's registry answers (or the environment has none, and the
    /// images stay on the node that builds them). Else the build fails with why.
    /// </summary>
    private async Task<bool> RegistryReadyAsync(PushedCommit push, BuildRecord build, RegistryHost? registry, BuildLog log, CancellationToken cancellationToken)
    {
        if (registry is null)
        {
            log.Append($"environment {push.App.Environment} has no registry (no node reported an address): images stay on the node that builds them");
            return true;
        }
        if (await registries.WaitReadyAsync(registry, log.Append, cancellationToken) is not { } problem)
        {
            return true;
        }
        log.Append(problem);
        log.Append($"nothing was deployed; {push.App} keeps running what it ran");
        await builds.UpdateBuildAsync(build.Id, BuildState.Failed, new BuildUpdate(Error: problem), CancellationToken.None);
        return false;
    }

    private async Task<bool> ApplyAsync(PushedCommit push, ApplyCommand command, BuildRecord build, Dictionary<string, string> images, BuildLog log, CancellationToken cancellationToken)
    {
        ApplyOutcome outcome;
        try
        {
            outcome = await coordinator.ApplyAsync(command, cancellationToken);
        }
        catch (ControllerException ex)
        {
            log.Append($"the apply was refused: {ex.Message}");
            await builds.UpdateBuildAsync(build.Id, BuildState.Failed, new BuildUpdate(Error: ex.Message, Images: images), CancellationToken.None);
            return false;
        }
        await builds.UpdateBuildAsync(build.Id, BuildState.Succeeded,
            new BuildUpdate(Images: images, AppRevision: (long)outcome.App.Revision), CancellationToken.None);
        if (!outcome.Changed)
        {
            log.Append($"{push.App} runs this already (revision {outcome.App.Revision}); nothing to roll out");
            return true;
        }
        log.Append($"deployed {push.App} revision {outcome.App.Revision}; rolling out {string.Join(", ", outcome.ChangedServices)}");
        await FollowRolloutAsync(push.App, outcome, log, cancellationToken);
        return true;
    }

    private async Task FollowRolloutAsync(AppKey app, ApplyOutcome outcome, BuildLog log, CancellationToken cancellationToken)
    {
        var progress = new RolloutProgress(outcome.App, outcome.ChangedServices);
        var deadline = time.GetUtcNow() + options.Value.RolloutTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        while (true)
        {
            var replicas = await apps.ListReplicasAsync(new ReplicaFilter(app.Environment, app.App), cancellationToken);
            foreach (var line in progress.Observe(replicas.Items))
            {
                log.Append("  " + line);
            }
            if (progress.Failure is not null)
            {
                log.Append($"rollout failed: {progress.Failure}; see mason ps {app.App} --env {app.Environment}, and mason rollback {app.App} to go back");
                return;
            }
            if (progress.Done)
            {
                log.Append($"rollout of revision {outcome.App.Revision} done");
                return;
            }
            if (time.GetUtcNow() > deadline)
            {
                log.Append($"still rolling out after {options.Value.RolloutTimeout.TotalSeconds:0} s; follow it with mason ps {app.App} --env {app.Environment}");
                return;
            }
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private async Task EchoAsync(BuildLog log, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in log.FollowAsync(cancellationToken))
            {
                await output.WriteLineAsync(line);
                await output.FlushAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pusher went away: the build goes on, its log keeps every line (mason builds logs).
            LogEchoStopped(logger, log.BuildId, ex.Message);
        }
    }

    private static string ShortId(string imageId) => imageId.StartsWith("sha256:", StringComparison.Ordinal) && imageId.Length > 19 ? imageId[7..19] : imageId;

    [LoggerMessage(4110, LogLevel.Information, "Build {Build}: its push no longer reads the output ({Reason}); the build goes on")]
    private static partial void LogEchoStopped(ILogger logger, long build, string reason);
}
