namespace Codemason.Docker.Networks;

/// <summary>A network to create.</summary>
/// <param name="Name">Unique network name.</param>
public sealed record NetworkCreateRequest(string Name)
{
    /// <summary>Default <c>bridge</c>.</summary>
    public string Driver { get; init; } = "bridge";

    /// <summary>No outside connectivity. Default false.</summary>
    public bool Internal { get; init; }

    /// <summary>Standalone containers may attach (overlay networks). Default false.</summary>
    public bool Attachable { get; init; }

    public bool EnableIPv6 { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Subnet in CIDR form, e.g. <c>10.77.0.0/24</c>. Default null: the engine picks one.</summary>
    public string? Subnet { get; init; }

    /// <summary>Gateway within <see cref="Subnet"/>. Default null.</summary>
    public string? Gateway { get; init; }
}
