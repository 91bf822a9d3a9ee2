namespace Codemason.Compose;

/// <summary>How bad a <see cref="ComposeDiagnostic"/> is.</summary>
public enum ComposeSeverity
{
    /// <summary>A key that cannot be honoured, or a meaning that changes; the conversion still succeeds.</summary>
    Warning,

    /// <summary>The file cannot be converted; no mason.json is produced.</summary>
    Error,
}
