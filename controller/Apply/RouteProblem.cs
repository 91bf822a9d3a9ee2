namespace Codemason.Controller.Apply;

/// <summary>One refused route of an app: its index in <c>AppSpec.Routes</c>, why, and what to tell the user.</summary>
/// <param name="RouteIndex">The route's index in the applied app's <c>Routes</c> (and in Mortar's <c>RouteSources</c>).</param>
/// <param name="Kind">A hostname another app owns, or a target that does not exist.</param>
/// <param name="Message">The reason in words, naming the owning app or the missing target.</param>
public sealed record RouteProblem(int RouteIndex, RouteProblemKind Kind, string Message);
