using Codemason.Controller.Auth;
using Codemason.Controller.Store;
using Codemason.Proto.V1;

namespace Codemason.Controller.Api;

/// <summary>
/// Which changes a watch sends: kinds (empty = all), environment, and app (for apps, replicas and events); and never a
/// change outside the caller's environments (a deployer's or viewer's watch without an environment sees only its own).
/// </summary>
internal sealed class WatchFilter(WatchRequest request, ApiCaller caller)
{
    private readonly HashSet<ResourceKind> _kinds = [.. request.Kinds];
    private readonly string _environment = request.Environment;
    private readonly string _app = request.App;

    public bool Matches(ChangeRecord change)
    {
        if (_kinds.Count > 0 && !_kinds.Contains(change.Kind))
        {
            return false;
        }
        if (!caller.Covers(change.Environment))
        {
            return false;
        }
        if (_environment.Length > 0 && !string.Equals(change.Environment, _environment, StringComparison.Ordinal))
        {
            return false;
        }
        var appScoped = change.Kind is ResourceKind.App or ResourceKind.Replica or ResourceKind.Event;
        return _app.Length == 0 || !appScoped || string.Equals(change.App, _app, StringComparison.Ordinal);
    }
}
