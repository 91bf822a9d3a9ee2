namespace Codemason.Controller.Nodes;

/// <summary>What the operator allows on a node.</summary>
public enum NodeAvailability
{
    /// <summary>Keeps its replicas and takes new ones.</summary>
    Active,

    /// <summary>Keeps its replicas, takes no new ones.</summary>
    Cordoned,

    /// <summary>Loses its replicas, which are placed elsewhere; takes no new ones.</summary>
    Drained,
}
