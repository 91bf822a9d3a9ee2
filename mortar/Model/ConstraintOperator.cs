namespace Codemason.Mortar.Model;

/// <summary>Comparison of a placement constraint.</summary>
public enum ConstraintOperator
{
    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,
}
