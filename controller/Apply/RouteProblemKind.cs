namespace Codemason.Controller.Apply;

/// <summary>Why a route of an app is refused at apply.</summary>
public enum RouteProblemKind
{
    /// <summary>Another app of the environment already routes the same hostname, path and port.</summary>
    Claimed,

    /// <summary>The target app or service does not exist, or the service does not declare the target port.</summary>
    Target,
}
