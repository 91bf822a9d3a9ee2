namespace Codemason.Mortar.Model;

/// <summary>How a volume is backed.</summary>
public enum VolumeKind
{
    /// <summary>A named engine volume (<c>"data:/var/lib/postgresql/data"</c>), kept across container replacements.</summary>
    Named,

    /// <summary>A host directory (<c>"./conf:/etc/app:ro"</c>, <c>"/srv/x:/x"</c>); relative paths are resolved against <c>MortarContext.HostPathBase</c>.</summary>
    Bind,

    /// <summary>An anonymous volume (<c>"/tmp/cache"</c>), new with every container.</summary>
    Anonymous,
}
