using Google.Protobuf.WellKnownTypes;
using WireBuild = Codemason.Proto.V1.Build;
using WireBuildState = Codemason.Proto.V1.BuildState;

namespace Codemason.Controller.Builds;

/// <summary>Builds as the public API shows them.</summary>
public static class BuildWire
{
    /// <summary>The API form of a stored build.</summary>
    public static WireBuild ToWire(BuildRecord build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var wire = new WireBuild
        {
            Id = (ulong)build.Id,
            Environment = build.App.Environment,
            App = build.App.App,
            Commit = build.Commit,
            Branch = build.Branch,
            State = ToWire(build.State),
            Node = build.Node ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(build.CreatedAt),
            Error = build.Error,
            Images = { build.Images.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal) },
            AppRevision = (ulong)build.AppRevision,
            CreatedBy = build.CreatedBy,
        };
        if (build.StartedAt is { } started)
        {
            wire.StartedAt = Timestamp.FromDateTimeOffset(started);
        }
        if (build.FinishedAt is { } finished)
        {
            wire.FinishedAt = Timestamp.FromDateTimeOffset(finished);
        }
        return wire;
    }

    private static WireBuildState ToWire(BuildState state) => state switch
    {
        BuildState.Queued => WireBuildState.Queued,
        BuildState.Building => WireBuildState.Building,
        BuildState.Succeeded => WireBuildState.Succeeded,
        BuildState.Failed => WireBuildState.Failed,
        BuildState.Cancelled => WireBuildState.Cancelled,
        _ => WireBuildState.Unspecified,
    };
}
