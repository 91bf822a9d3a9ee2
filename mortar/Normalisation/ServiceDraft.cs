using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation.Routes;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>A service read from the file, before answers and discovery complete it.</summary>
internal sealed class ServiceDraft(ServiceName name, ServiceKind kind, MasonPath path, SourcePosition position)
{
    public ServiceName Name { get; } = name;
    public ServiceKind Kind { get; } = kind;
    public MasonPath Path { get; } = path;
    public SourcePosition Position { get; } = position;
    public string? Description { get; set; }
    public string Image { get; set; } = string.Empty;
    public BuildSpec? Build { get; set; }
    /// <summary>The valid names of <c>build.args</c> and where each stands, for the check that the service defines them.</summary>
    public List<(string Name, MasonPath Path, SourcePosition Position)> BuildArgs { get; } = [];
    public List<string>? Command { get; set; }
    public List<string>? Entrypoint { get; set; }
    public List<EnvironmentVariable> Environment { get; } = [];
    public List<(PortSpec Port, MasonPath Path, SourcePosition Position, string Raw)> Ports { get; } = [];
    public List<VolumeSpec> Volumes { get; } = [];
    public List<LinkDraft> Links { get; } = [];
    public SortedDictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    public int? MemoryMb { get; set; }
    public int? CpuShares { get; set; }
    public bool Privileged { get; set; }
    public int Scale { get; set; } = 1;
    public RegistryCredential? Registry { get; set; }
    public HealthcheckSpec? Healthcheck { get; set; }
    public PlacementRules Placement { get; set; } = PlacementRules.None;
    /// <summary>The routes of its <c>domains</c>, to this service.</summary>
    public List<RouteDraft> Domains { get; } = [];

    public ServiceSpec ToSpec() => new(
        Name, Kind, Description, Image, Build, Command, Entrypoint, Environment.ToList(),
        Ports.Select(p => p.Port).ToList(), Volumes.ToList(),
        Links.Where(l => l.Resolved is not null).Select(l => l.Resolved!).ToList(),
        new Dictionary<string, string>(Labels, StringComparer.Ordinal),
        MemoryMb, CpuShares, Privileged, Scale, Registry, Healthcheck)
    {
        Placement = Placement,
    };
}
