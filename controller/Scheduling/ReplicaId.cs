using System.Globalization;

namespace Codemason.Controller.Scheduling;

/// <summary>
/// Stable identity of a replica: <c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;#&lt;index&gt;</c>,
/// the same form the agent uses.
/// </summary>
public readonly record struct ReplicaId(string Value)
{
    public static ReplicaId Of(string environment, ServiceKey service, int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{environment}/{service.App}/{service.Service}#{index}"));

    /// <summary>Splits the id into its parts; false when it is not of the form env/app/service#index.</summary>
    public bool TryParse(out string environment, out ServiceKey service, out int index)
    {
        environment = "";
        service = default;
        index = 0;
        var value = Value ?? "";
        var hash = value.LastIndexOf('#');
        if (hash < 0)
        {
            return false;
        }
        var parts = value[..hash].Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty)
            || !int.TryParse(value.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }
        environment = parts[0];
        service = new ServiceKey(parts[1], parts[2]);
        return true;
    }

    public override string ToString() => Value;
}
