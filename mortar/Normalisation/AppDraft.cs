using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation.Routes;

namespace Codemason.Mortar.Normalisation;

/// <summary>An app read from the file: everything but answers and links found by discovery.</summary>
internal sealed class AppDraft(AppName name, MasonFileType type)
{
    public AppName Name { get; } = name;
    public MasonFileType Type { get; } = type;
    public string? Description { get; set; }
    public List<string> Keywords { get; } = [];
    public string? Website { get; set; }
    public string? Repository { get; set; }
    public List<ServiceDraft> Services { get; } = [];
    public List<MasonQuestion> Questions { get; } = [];
    /// <summary>A load balancer's <c>targets</c>.</summary>
    public List<RouteDraft> Routes { get; } = [];

    /// <summary>Every route of the app in file order: the load balancer's targets, then each service's domains.</summary>
    public IEnumerable<RouteDraft> AllRoutes => Routes.Concat(Services.SelectMany(s => s.Domains));

    public AppSpec ToSpec() => new(Name, Type, "v1", Description, Keywords.ToList(), Website, Repository,
        Services.Select(s => s.ToSpec()).ToList())
    {
        Routes = [.. AllRoutes.Select(r => r.Route)],
    };
}
