using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Codemason.Mortar.Model;

/// <summary>
/// A parsed placement constraint: <c>node.labels.&lt;key&gt; == value</c>, <c>node.labels.&lt;key&gt; != value</c>,
/// <c>node.hostname == name</c> or <c>node.hostname != name</c>. The value may be quoted ('eu' or "eu").
/// The one parser of constraints: mason.json's <c>placement.constraints</c> and the controller's scheduler both use it.
/// Stored as its <see cref="ToString"/> text.
/// </summary>
/// <param name="Subject">Label or hostname.</param>
/// <param name="LabelKey">The label key; empty for hostname constraints.</param>
/// <param name="Operator">== or !=.</param>
/// <param name="Value">The value compared with.</param>
[JsonConverter(typeof(PlacementConstraintJsonConverter))]
public sealed record PlacementConstraint(ConstraintSubject Subject, string LabelKey, ConstraintOperator Operator, string Value)
{
    private const string LabelsPrefix = "node.labels.";
    private const string HostnameField = "node.hostname";

    /// <summary>Parses one constraint expression that is known to be valid (stored, or written by a test).</summary>
    /// <exception cref="FormatException">It is not: the message says why.</exception>
    public static PlacementConstraint Parse(string text) =>
        TryParse(text, out var constraint, out var error) ? constraint : throw new FormatException(error);

    /// <summary>Parses one constraint expression; on failure <paramref name="error"/> says what is wrong, for users.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PlacementConstraint? constraint, [NotNullWhen(false)] out string? error)
    {
        constraint = null;
        var source = (text ?? "").Trim();
        if (source.Length == 0)
        {
            error = "invalid constraint \"\": it is empty";
            return false;
        }
        var equal = source.IndexOf("==", StringComparison.Ordinal);
        var notEqual = source.IndexOf("!=", StringComparison.Ordinal);
        if (equal < 0 && notEqual < 0)
        {
            error = $"invalid constraint \"{source}\": expected == or != between the field and the value";
            return false;
        }
        var at = equal < 0 ? notEqual : notEqual < 0 ? equal : Math.Min(equal, notEqual);
        var op = at == equal ? ConstraintOperator.Equal : ConstraintOperator.NotEqual;
        var field = source[..at].Trim();
        var value = Unquote(source[(at + 2)..].Trim());

        ConstraintSubject subject;
        var key = "";
        if (string.Equals(field, HostnameField, StringComparison.OrdinalIgnoreCase))
        {
            subject = ConstraintSubject.Hostname;
        }
        else if (field.StartsWith(LabelsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            subject = ConstraintSubject.Label;
            key = field[LabelsPrefix.Length..];
            if (key.Length == 0)
            {
                error = $"invalid constraint \"{source}\": missing label key after \"{LabelsPrefix}\"";
                return false;
            }
            if (!key.All(IsKeyChar))
            {
                error = $"invalid constraint \"{source}\": label key \"{key}\" may hold only letters, digits, '.', '-', '_' and '/'";
                return false;
            }
        }
        else
        {
            error = field.Length == 0
                ? $"invalid constraint \"{source}\": missing field before the operator"
                : $"invalid constraint \"{source}\": unknown field \"{field}\"; expected node.hostname or node.labels.<key>";
            return false;
        }

        if (value.Length == 0)
        {
            error = $"invalid constraint \"{source}\": missing value after {(op == ConstraintOperator.Equal ? "==" : "!=")}";
            return false;
        }
        if (value.Any(c => char.IsWhiteSpace(c) || c is '=' or '!' or '"' or '\''))
        {
            error = $"invalid constraint \"{source}\": value \"{value}\" may not hold spaces, '=', '!' or quotes";
            return false;
        }
        constraint = new PlacementConstraint(subject, key, op, value);
        error = null;
        return true;
    }

    /// <summary>True when a node with this host name and these labels satisfies the constraint.</summary>
    public bool IsSatisfiedBy(string hostname, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var equals = Subject == ConstraintSubject.Hostname
            ? string.Equals(hostname, Value, StringComparison.OrdinalIgnoreCase)
            : labels.TryGetValue(LabelKey, out var actual) && string.Equals(actual, Value, StringComparison.Ordinal);
        return equals == (Operator == ConstraintOperator.Equal);
    }

    /// <summary>What the nodes that fail it are, for explanations: "lack label zone=eu" (plural) or "lacks label zone=eu".</summary>
    public string DescribeFailure(bool plural) => (Subject, Operator) switch
    {
        (ConstraintSubject.Label, ConstraintOperator.Equal) => $"{(plural ? "lack" : "lacks")} label {LabelKey}={Value}",
        (ConstraintSubject.Label, _) => $"{(plural ? "have" : "has")} label {LabelKey}={Value}",
        (_, ConstraintOperator.Equal) => $"{(plural ? "are" : "is")} not {Value}",
        _ => $"{(plural ? "are" : "is")} {Value}",
    };

    public override string ToString() =>
        $"{(Subject == ConstraintSubject.Hostname ? HostnameField : LabelsPrefix + LabelKey)} {(Operator == ConstraintOperator.Equal ? "==" : "!=")} {Value}";

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/';
}
