namespace Codemason.Controller.Scheduling;

/// <summary>Stable identity of a node within the controller (compared ordinally).</summary>
public readonly record struct NodeId(string Value)
{
    public override string ToString() => Value;
}
