namespace Codemason.Controller.Registry;

/// <summary>
/// One entry of a registry token's <c>access</c> claim, or one requested <c>scope</c>: a resource and the actions on it,
/// e.g. <c>repository:staging/shop/web:pull,push</c>.
/// </summary>
/// <param name="Type">Resource type: <c>repository</c> (or <c>registry</c> for <c>registry:catalog:*</c>).</param>
/// <param name="Name">Resource name: <c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;</c> for a repository.</param>
/// <param name="Actions">Actions: <c>pull</c>, <c>push</c>, <c>delete</c>, <c>*</c>.</param>
public sealed record RegistryAccess(string Type, string Name, IReadOnlyList<string> Actions)
{
    /// <summary>The resource type of images.</summary>
    public const string Repository = "repository";

    /// <summary>Reading manifests and blobs.</summary>
    public const string Pull = "pull";

    /// <summary>Uploading blobs and manifests.</summary>
    public const string Push = "push";

    /// <summary>Deleting manifests (pruning).</summary>
    public const string Delete = "delete";

    /// <summary>
    /// Reads one <c>scope</c> parameter: <c>type:name:action[,action…]</c>, the name may itself hold colons (a
    /// resource type's class, <c>repository(plugin)</c>, is kept in the type). Null when it is not of that shape.
    /// </summary>
    public static RegistryAccess? ParseScope(string? scope)
    {
        if (string.IsNullOrWhiteSpace(scope))
        {
            return null;
        }
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first + 1)
        {
            return null;
        }
        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new RegistryAccess(scope[..first], scope[(first + 1)..last], actions);
    }

    /// <summary>The scope text, <c>type:name:actions</c>.</summary>
    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
