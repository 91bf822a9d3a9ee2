namespace Codemason.Mortar.Model;

/// <summary>What of the node a placement constraint looks at.</summary>
public enum ConstraintSubject
{
    /// <summary><c>node.labels.&lt;key&gt;</c> — compared ordinally; a missing label never equals.</summary>
    Label,

    /// <summary><c>node.hostname</c> — compared case-insensitively.</summary>
    Hostname,
}
