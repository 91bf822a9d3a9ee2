namespace Codemason.Agent.Reconciliation;

/// <summary>
/// Stable identity of a replica across containers and revisions:
/// <c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;#&lt;index&gt;</c>.
/// </summary>
public readonly record struct ReplicaId(string Value)
{
    public static ReplicaId Of(string environment, string app, string service, int index) =>
        new($"{environment}/{app}/{service}#{index}");

    public override string ToString() => Value;
}
