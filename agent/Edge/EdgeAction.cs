using Codemason.Agent.Engine;

namespace Codemason.Agent.Edge;

/// <summary>One step of an edge plan (<see cref="EdgePlanner"/>), carried out by <see cref="EdgeReconciler"/>.</summary>
public abstract record EdgeAction;

/// <summary>Make the edge's volume when it is missing, create its container, give it the routes and start it.</summary>
public sealed record CreateEdge(EdgeDeployment Deployment) : EdgeAction
{
    public override string ToString() => $"create {Deployment}";
}

/// <summary>Give the running edge the current routes (it applies them without a restart).</summary>
public sealed record UpdateEdgeRoutes(ObservedSystemContainer Container, EdgeDeployment Deployment) : EdgeAction
{
    public override string ToString() => $"routes of {Container.Name}: version {Deployment.RoutesVersion} ({Deployment.Server.Routes.Count} routes)";
}

/// <summary>Remove an edge container (force). Its volume stays: a new edge of the environment starts with the last routes.</summary>
public sealed record RemoveEdge(ObservedSystemContainer Container, string Reason) : EdgeAction
{
    public override string ToString() => $"remove {Container.Name} ({Reason})";
}
