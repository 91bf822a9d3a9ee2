namespace Codemason.Agent.Reconciliation;

/// <summary>
/// Stable identity of a replica across containers and revisions:
/// <c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;#&lt;index&gt;</c>.
/// </summary>
public readonly record struct ReplicaId(string Value)
{
    public static ReplicaId Of(string environment, string app, string service, int index) =>
        new($"{environment}/{app}/{service}#{index}");

    /// <summary>Splits the id into its parts; false when it is not of the form env/app/service#index.</summary>
    public bool TryParse(out string environment, out string app, out string service, out int index)
    {
        environment = app = service = "";
        index = 0;
        var hash = Value.LastIndexOf('#');
        var parts = hash < 0 ? [] : Value[..hash].Split('/');
        if (parts.Length != 3 || !int.TryParse(Value.AsSpan(hash + 1), System.Globalization.CultureInfo.InvariantCulture, out index))
        {
            return false;
        }
        (environment, app, service) = (parts[0], parts[1], parts[2]);
        return true;
    }

    public override string ToString() => Value;
}
