namespace Codemason.Controller.Builds;

/// <summary>One service's image to build for a push: the plan, how to write its context (a tar stream), and the registry to push it to.</summary>
/// <param name="BuildId">The build.</param>
/// <param name="App">The app.</param>
/// <param name="Plan">What to build.</param>
/// <param name="WriteContext">Writes the build context.</param>
/// <param name="PushTo">The environment registry's <c>host:port</c>; null = the image stays on the engine that built it.</param>
public sealed record ServiceBuildJob(long BuildId, AppKey App, ServiceBuildPlan Plan, Func<Stream, CancellationToken, Task> WriteContext, string? PushTo = null)
{
    /// <summary>The key of its RunBuild call: unique per build and service.</summary>
    public string CallKey => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{BuildId}-{Plan.Service}");
}
