using Codemason.Agent.Engine;

namespace Codemason.Agent.Registry;

/// <summary>One step of a registry plan (<see cref="RegistryPlanner"/>), carried out by <see cref="RegistryReconciler"/>.</summary>
public abstract record RegistryAction;

/// <summary>
/// Make the registry's volume when it is missing, create its container, put the configuration files into it and start it.
/// </summary>
public sealed record CreateRegistry(RegistryDeployment Deployment) : RegistryAction
{
    public override string ToString() => $"create {Deployment}";
}

/// <summary>Remove a registry container (force). Its volume stays: a registry that returns to this node keeps its images.</summary>
public sealed record RemoveRegistry(ObservedSystemContainer Container, string Reason) : RegistryAction
{
    public override string ToString() => $"remove {Container.Name} ({Reason})";
}
