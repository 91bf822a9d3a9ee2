using System.Diagnostics;

namespace Codemason.Controller.Telemetry;

/// <summary>
/// The controller's spans (activity source <c>Codemason.Controller</c>): <c>apply</c> (continues the caller's
/// <c>traceparent</c>), <c>schedule</c> (a placement plan) and <c>dispatch</c> (an assignment set sent to a node,
/// continuing the trace of the change that caused it).
/// </summary>
public static class ControllerTracing
{
    /// <summary>The activity source all controller spans come from.</summary>
    public static readonly ActivitySource Source = new("Codemason.Controller");
}
