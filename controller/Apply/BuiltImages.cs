using Codemason.Controller.Errors;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Apply;

/// <summary>
/// The image each service with <c>build</c> runs (pure): the one a push just built for it; else the one its current
/// revision runs when a push built that (a plain <c>mason deploy</c> keeps the app's code); else its declared
/// <c>image</c>, as the original product ran it. A service with neither cannot run yet.
/// </summary>
public static class BuiltImages
{
    /// <summary>The app with every built service's image set.</summary>
    /// <exception cref="FailedPreconditionException">A service with <c>build</c> has no image from any of the three.</exception>
    public static AppSpec Resolve(AppSpec app, IReadOnlyDictionary<string, string> built, AppSpec? current)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(built);
        var services = new List<ServiceSpec>(app.Services.Count);
        var missing = new List<string>();
        foreach (var service in app.Services)
        {
            if (service.Build is null)
            {
                services.Add(service);
                continue;
            }
            var image = built.GetValueOrDefault(service.Name.Value)
                ?? (current?.FindService(service.Name.Value) is { Build: not null, Image.Length: > 0 } running ? running.Image : null)
                ?? (service.Image.Length > 0 ? service.Image : null);
            if (image is null)
            {
                missing.Add(service.Name.Value);
                continue;
            }
            services.Add(service with { Image = image });
        }
        if (missing.Count > 0)
        {
            throw new FailedPreconditionException(
                $"{(missing.Count == 1 ? "service " + missing[0] + " is" : "services " + string.Join(", ", missing) + " are")} built from source and " +
                "no image was built yet: push the app's code to its git remote (mason create, then git push codemason main)");
        }
        return app with { Services = services };
    }
}
