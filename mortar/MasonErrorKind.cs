namespace Codemason.Mortar;

/// <summary>What kind of problem a <see cref="MasonError"/> reports; the CLI maps these to exit codes in one place.</summary>
public enum MasonErrorKind
{
    /// <summary>The text is not (lenient) JSON.</summary>
    Syntax,

    /// <summary>The bytes are not UTF-8.</summary>
    Encoding,

    /// <summary>A size, depth or count limit of <see cref="MortarLimits"/> was exceeded.</summary>
    Limit,

    /// <summary>The document breaks the JSON Schema (types, required and unknown properties).</summary>
    Schema,

    /// <summary>A rule the schema cannot express: ports, names, links, conflicts, ...</summary>
    Semantic,

    /// <summary>Required questions without an answer.</summary>
    Question,

    /// <summary>A link that neither the app nor service discovery resolves.</summary>
    Link,

    /// <summary>
    /// A link to a service the environment does not have but a catalog item can create, and its creation was not asked
    /// for (<see cref="MasonError.CatalogItem"/> names the item). Code <c>catalog</c>.
    /// </summary>
    Catalog,

    /// <summary>A template variable (<c>${app}</c>, <c>${branch}</c>, <c>${commit}</c>) without a value.</summary>
    Template,

    /// <summary>The environment's host policy forbids it (a privileged container, a host bind mount).</summary>
    Policy,

    /// <summary>
    /// A route the environment refuses at apply: a hostname (with path and port) another app owns, or a load balancer
    /// target whose app, service or port does not exist there. Code <c>route</c>.
    /// </summary>
    Route,
}
