namespace Codemason.Controller.Builds;

/// <summary>One service's image to build for a push: the plan, and how to write its context (a tar stream).</summary>
public sealed record ServiceBuildJob(long BuildId, AppKey App, ServiceBuildPlan Plan, Func<Stream, CancellationToken, Task> WriteContext)
{
    /// <summary>The key of its RunBuild call: unique per build and service.</summary>
    public string CallKey => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{BuildId}-{Plan.Service}");
}
