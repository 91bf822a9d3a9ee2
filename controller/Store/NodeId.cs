namespace Codemason.Controller.Store;

/// <summary>The id the controller gave a node when it joined (16 lower-case hex characters).</summary>
public readonly record struct NodeId(string Value)
{
    public override string ToString() => Value;
}
