using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Codemason.Controller.Store;

/// <summary>A replica's stable id, <c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;#&lt;index&gt;</c>, index from 1.</summary>
public readonly record struct ReplicaId(string Value)
{
    /// <summary>The id of replica <paramref name="index"/> of a service.</summary>
    public static ReplicaId For(AppKey app, string service, int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{app.Environment}/{app.App}/{service}#{index}"));

    /// <summary>Splits an id into its parts; false when it is not in the replica id form.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ReplicaIdParts? parts)
    {
        parts = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        var hash = value.LastIndexOf('#');
        if (hash < 0 || !int.TryParse(value.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
        {
            return false;
        }
        var names = value[..hash].Split('/');
        if (names.Length != 3 || names.Any(n => n.Length == 0))
        {
            return false;
        }
        parts = new ReplicaIdParts(new AppKey(names[0], names[1]), names[2], index);
        return true;
    }

    public override string ToString() => Value;
}
