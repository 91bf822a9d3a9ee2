namespace Codemason.Controller.Builds;

/// <summary>A build waiting for its turn was replaced by a newer push of the same app.</summary>
public sealed class BuildSupersededException(long buildId, long newerBuildId)
    : Exception($"build {buildId} was cancelled: a newer push (build {newerBuildId}) replaced it while it waited")
{
    /// <summary>The build that was replaced.</summary>
    public long BuildId { get; } = buildId;

    /// <summary>The build that replaced it.</summary>
    public long NewerBuildId { get; } = newerBuildId;
}
