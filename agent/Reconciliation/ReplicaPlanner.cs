using Codemason.Proto.V1;

namespace Codemason.Agent.Reconciliation;

/// <summary>
/// The reconcile decision for one replica, as a pure function of what is desired, what the engine
/// shows and what the agent remembers. No I/O: tested with golden files, without Docker.
/// </summary>
public static class ReplicaPlanner
{
    /// <summary>Plans one replica.</summary>
    /// <param name="desired">The assignment, or null when the replica must not run here.</param>
    /// <param name="containers">Every managed container carrying this replica's labels.</param>
    /// <param name="history">What the agent remembers of the replica.</param>
    /// <param name="now">The current time.</param>
    public static ReplicaPlan Plan(
        DesiredReplica? desired, IReadOnlyList<ObservedContainer> containers, ReplicaMemory history, DateTimeOffset now)
    {
        if (desired is null)
        {
            var removals = containers
                .Select(c => (ReplicaAction)new RemoveContainer(c.Id, c.Replica, "not assigned"))
                .ToList();
            return new ReplicaPlan(removals, ReplicaState.Shutdown, removals.Count == 0 ? "" : "removing", null, null, null, history);
        }

        var current = containers
            .Where(c => desired.SpecHash.Matches(c.SpecHash) && desired.IsPlaced(c) && c.State is not (ContainerRunState.Dead or ContainerRunState.Removing))
            .OrderByDescending(c => c.Rank)
            .ThenByDescending(c => c.Created)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        var others = containers.Where(c => !ReferenceEquals(c, current)).ToList();

        var plan = current is null
            ? PlanCreate(desired, others, history)
            : PlanExisting(desired, current, others, history, now);
        return plan with { Serving = ServingAfter(plan, current, others) };
    }

    /// <summary>
    /// Once <paramref name="plan"/>'s actions ran: the replica's own container when it serves, else the best old one
    /// that does and stays (a start-first replacement).
    /// </summary>
    private static ObservedContainer? ServingAfter(ReplicaPlan plan, ObservedContainer? current, List<ObservedContainer> others)
    {
        if (current is { Serves: true })
        {
            return current;
        }
        var removed = plan.Actions.OfType<RemoveContainer>().Select(r => r.ContainerId).ToHashSet(StringComparer.Ordinal);
        return others.Where(c => c.Serves && !removed.Contains(c.Id))
            .OrderByDescending(c => c.Created).ThenBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault();
    }

    private static ReplicaPlan PlanCreate(DesiredReplica desired, List<ObservedContainer> others, ReplicaMemory history)
    {
        // Network, volumes and image first, before any old container goes: a stop-first replace is down only from the
        // stop to the start, not during a pull, and a pull that fails leaves the old container serving. (And an app
        // whose volume an earlier agent's naming shared is still seen mounting it: docs/agent.md, "Engine names".)
        var actions = new List<ReplicaAction>(PrepareActions(desired));
        var stale = others.Where(c => c.State is ContainerRunState.Running or ContainerRunState.Restarting or ContainerRunState.Paused).ToList();
        // Start-first keeps the old container serving until the new one runs; a fixed host port or an overlay
        // address cannot be held twice, so those replicas stop the old container first, unless a routed replica has a
        // second address free for the new one.
        var address = FreeAddress(desired, stale);
        var stopFirst = !desired.StartsFirst || address is null || stale.Count == 0;
        if (stopFirst)
        {
            actions.AddRange(others.Select(c => new RemoveContainer(c.Id, c.Replica, RemovalReason(c, desired))));
        }
        else
        {
            // Only containers that do not serve are cleared now; the serving stale ones go once the new one runs.
            actions.AddRange(others.Except(stale).Select(c => new RemoveContainer(c.Id, c.Replica, RemovalReason(c, desired))));
        }
        actions.Add(new RunContainer(stopFirst || address is null ? desired : desired with { Address = address }));
        var message = others.Count > 0 && stale.Count > 0
            ? $"replacing ({(stopFirst ? "stop-first" : "start-first")})"
            : "creating";
        return new ReplicaPlan(actions, ReplicaState.Preparing, message, null, null, null, history);
    }

    /// <summary>
    /// The overlay address a new container of <paramref name="desired"/> takes while <paramref name="stale"/> run: its
    /// address, else its second one when an old container holds the first; "" off the overlay; null when both are held.
    /// </summary>
    private static string? FreeAddress(DesiredReplica desired, List<ObservedContainer> stale)
    {
        if (!desired.HasAddress)
        {
            return "";
        }
        var held = stale.Select(c => c.OverlayAddress).ToHashSet(StringComparer.Ordinal);
        return !held.Contains(desired.Address) ? desired.Address
            : desired.SurgeAddress.Length > 0 && !held.Contains(desired.SurgeAddress) ? desired.SurgeAddress
            : null;
    }

    private static ReplicaPlan PlanExisting(
        DesiredReplica desired, ObservedContainer current, List<ObservedContainer> others, ReplicaMemory history, DateTimeOffset now)
    {
        var actions = new List<ReplicaAction>();
        switch (current.State)
        {
            case ContainerRunState.Running or ContainerRunState.Paused:
                if (desired.HasHealthCheck && current.Health == HealthState.Starting)
                {
                    // Health-gated replacement: the old container keeps serving until the new one is healthy.
                    actions.AddRange(others.Where(c => c.State != ContainerRunState.Running)
                        .Select(c => new RemoveContainer(c.Id, c.Replica, RemovalReason(c, desired))));
                    return new ReplicaPlan(actions, ReplicaState.Starting, "waiting for health check", current.Id, null,
                        TimeSpan.FromSeconds(1), history);
                }
                if (desired.Drain > TimeSpan.Zero && others.Any(c => c.Serves))
                {
                    return current.Listening == false
                        ? PlanWaitForPort(desired, current, others, history, now)
                        : PlanDrain(desired, current, others, history, now);
                }
                actions.AddRange(others.Select(c => new RemoveContainer(c.Id, c.Replica, RemovalReason(c, desired))));
                // A replica with an address lives on the overlay only: on the app's network too, Docker's own DNS would
                // answer its name with the replicas of this engine alone.
                if (!current.OnAppNetwork && !desired.HasAddress)
                {
                    actions.Add(new EnsureNetwork(desired.App));
                    actions.Add(new ConnectNetwork(current.Id, desired));
                }
                var unhealthy = current.Health == HealthState.Unhealthy ? "unhealthy" : "";
                return new ReplicaPlan(actions, ReplicaState.Running, unhealthy, current.Id, null, null,
                    StableAfterLongRun(history, current, now) with { Serving = null });

            case ContainerRunState.Restarting:
                return new ReplicaPlan(actions, ReplicaState.Starting, "restarting", current.Id, null, TimeSpan.FromSeconds(1), history);

            case ContainerRunState.Created:
                // Half-made: created but never started (e.g. the agent died between create and start).
                actions.AddRange(RemovableWhenStopFirst(desired, others));
                actions.Add(new StartContainer(current.Id, current.Replica, "created, not started"));
                return new ReplicaPlan(actions, ReplicaState.Starting, "starting", current.Id, null, null, history);

            default:
                return PlanExited(desired, current, others, history, now);
        }
    }

    /// <summary>
    /// A routed replica whose new container runs while an old one still serves: the old one is kept for the drain
    /// period from when the new one was first seen serving (the edges take it out of their routes meanwhile), then
    /// removed. A new container that turns unhealthy never takes over: the old one keeps serving and the replica is
    /// reported failed, so the rollout is.
    /// </summary>
    private static ReplicaPlan PlanDrain(
        DesiredReplica desired, ObservedContainer current, List<ObservedContainer> others, ReplicaMemory history, DateTimeOffset now)
    {
        var idle = RemoveIdle(desired, others);
        if (current.Health == HealthState.Unhealthy)
        {
            return new ReplicaPlan(idle, ReplicaState.Failed, "unhealthy; the previous container keeps serving", current.Id, null,
                TimeSpan.FromSeconds(5), history with { Serving = null });
        }
        var serving = history.Serving is { } since && since.ContainerId == current.Id ? since : new ServingSince(current.Id, now);
        var left = serving.Since + desired.Drain - now;
        if (left > TimeSpan.Zero)
        {
            return new ReplicaPlan(idle, ReplicaState.Running, $"draining the previous container for {Describe(desired.Drain)}", current.Id, null,
                left, history with { Serving = serving });
        }
        var removals = others.Select(c => (ReplicaAction)new RemoveContainer(c.Id, c.Replica, $"{RemovalReason(c, desired)}; drained")).ToList();
        return new ReplicaPlan(removals, ReplicaState.Running, "", current.Id, null, null,
            StableAfterLongRun(history, current, now) with { Serving = null });
    }

    /// <summary>
    /// A routed replica without a health check whose new container runs but refuses connections on its port: the old
    /// one keeps serving while it starts listening; after <see cref="ListenGrace"/> the replica is reported failed (and
    /// the old one still serves).
    /// </summary>
    private static ReplicaPlan PlanWaitForPort(
        DesiredReplica desired, ObservedContainer current, List<ObservedContainer> others, ReplicaMemory history, DateTimeOffset now)
    {
        var idle = RemoveIdle(desired, others);
        var port = desired.ProbePort;
        return current.StartedAt != default && now - current.StartedAt >= ListenGrace
            ? new ReplicaPlan(idle, ReplicaState.Failed, $"port {port} accepts no connections after {Describe(ListenGrace)}; the previous container keeps serving",
                current.Id, null, TimeSpan.FromSeconds(5), history with { Serving = null })
            : new ReplicaPlan(idle, ReplicaState.Starting, $"waiting for port {port} to accept connections", current.Id, null,
                TimeSpan.FromMilliseconds(250), history with { Serving = null });
    }

    /// <summary>While a replacement starts beside a serving old container: removes the containers of the replica that serve nothing.</summary>
    private static List<ReplicaAction> RemoveIdle(DesiredReplica desired, List<ObservedContainer> others) =>
        [.. others.Where(c => !c.Serves).Select(c => new RemoveContainer(c.Id, c.Replica, RemovalReason(c, desired)))];

    /// <summary>How long a replacement without a health check may take to accept connections before the replica is reported failed.</summary>
    public static readonly TimeSpan ListenGrace = TimeSpan.FromSeconds(60);

    private static ReplicaPlan PlanExited(
        DesiredReplica desired, ObservedContainer current, List<ObservedContainer> others, ReplicaMemory history, DateTimeOffset now)
    {
        var counted = history;
        if (current.FinishedAt > history.LastCountedExit)
        {
            var failures = current.LastRunDuration >= RestartBackoff.StableRun ? 1 : history.ConsecutiveFailures + 1;
            counted = history with { ConsecutiveFailures = failures, LastCountedExit = current.FinishedAt };
        }
        var restartAt = current.FinishedAt + RestartBackoff.DelayAfter(counted.ConsecutiveFailures);
        var exited = $"exited with code {current.ExitCode}";
        if (now < restartAt)
        {
            var wait = restartAt - now;
            return new ReplicaPlan([], ReplicaState.Failed, $"{exited}; restarting in {Describe(wait)}", current.Id,
                current.ExitCode, wait, counted);
        }
        var actions = new List<ReplicaAction>(RemovableWhenStopFirst(desired, others))
        {
            new StartContainer(current.Id, current.Replica, $"{exited}; restart {counted.RestartCount + 1}"),
        };
        return new ReplicaPlan(actions, ReplicaState.Starting, $"restarting after it {exited}", current.Id, current.ExitCode,
            null, counted with { RestartCount = counted.RestartCount + 1 });
    }

    /// <summary>
    /// Before a fixed-port or addressed container starts, others of the replica must release the port or address;
    /// running ones stay when the replica starts first (then the new container was made at a free address).
    /// </summary>
    private static IEnumerable<ReplicaAction> RemovableWhenStopFirst(DesiredReplica desired, List<ObservedContainer> others) =>
        others.Where(c => !desired.StartsFirst || c.State is not (ContainerRunState.Running or ContainerRunState.Paused))
            .Select(c => new RemoveContainer(c.Id, c.Replica, RemovalReason(c, desired)));

    private static IEnumerable<ReplicaAction> PrepareActions(DesiredReplica desired)
    {
        // A replica with an address joins its environment's overlay, which the overlay service keeps.
        if (!desired.HasAddress)
        {
            yield return new EnsureNetwork(desired.App);
        }
        foreach (var volume in desired.Spec.Volumes.Where(v => v.SourceCase == VolumeMount.SourceOneofCase.Volume))
        {
            yield return new EnsureVolume(desired.App, volume.Volume);
        }
        yield return new EnsureImage(desired.Spec.Image, desired.Spec.PullPolicy == PullPolicy.Always, desired.Spec.RegistryAuth);
    }

    private static ReplicaMemory StableAfterLongRun(ReplicaMemory history, ObservedContainer current, DateTimeOffset now) =>
        history.ConsecutiveFailures > 0 && current.StartedAt != default && now - current.StartedAt >= RestartBackoff.StableRun
            ? history with { ConsecutiveFailures = 0 }
            : history;

    private static string RemovalReason(ObservedContainer container, DesiredReplica desired) =>
        !desired.SpecHash.Matches(container.SpecHash) ? "replaced: spec changed"
        : !desired.IsPlaced(container) ? $"replaced: not at its address {desired.Address} on the environment's network"
        : container.State is ContainerRunState.Dead or ContainerRunState.Removing ? $"{container.State.ToString().ToLowerInvariant()}"
        : "duplicate";

    private static string Describe(TimeSpan wait) =>
        wait.TotalMinutes >= 1 ? $"{(int)wait.TotalMinutes}m{wait.Seconds:00}s" : $"{Math.Ceiling(wait.TotalSeconds)}s";
}
