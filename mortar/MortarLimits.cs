namespace Codemason.Mortar;

/// <summary>
/// Bounds that keep a hostile or broken mason.json from costing unbounded memory or time.
/// Every limit breached is reported as a <see cref="MasonErrorKind.Limit"/> error.
/// </summary>
public sealed record MortarLimits
{
    /// <summary>Default <see cref="MaxFileBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxFileBytes = 1024 * 1024;

    /// <summary>Default <see cref="MaxDepth"/>: 32 nested objects/arrays (a real mason.json needs 4).</summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>Default <see cref="MaxServices"/>: 500 services and instances per application.</summary>
    public const int DefaultMaxServices = 500;

    /// <summary>Default <see cref="MaxPortsPerService"/>: 1024 published ports once ranges are expanded.</summary>
    public const int DefaultMaxPortsPerService = 1024;

    /// <summary>Default <see cref="MaxScale"/>: 1000 replicas.</summary>
    public const int DefaultMaxScale = 1000;

    /// <summary>Default <see cref="MaxErrors"/>: 200 errors; later ones are summarised in one last error.</summary>
    public const int DefaultMaxErrors = 200;

    /// <summary>The defaults.</summary>
    public static MortarLimits Default { get; } = new();

    /// <summary>Largest accepted file, in UTF-8 bytes (default 1 MiB).</summary>
    public int MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Deepest nesting of objects and arrays (default 32).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Most services plus instances in one application (default 500).</summary>
    public int MaxServices { get; init; } = DefaultMaxServices;

    /// <summary>Most published ports per service after range expansion (default 1024).</summary>
    public int MaxPortsPerService { get; init; } = DefaultMaxPortsPerService;

    /// <summary>Largest <c>scale</c> (default 1000).</summary>
    public int MaxScale { get; init; } = DefaultMaxScale;

    /// <summary>Most errors reported for one file (default 200).</summary>
    public int MaxErrors { get; init; } = DefaultMaxErrors;
}
