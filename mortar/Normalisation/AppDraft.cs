using Codemason.Mortar.Model;

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

    public AppSpec ToSpec() => new(Name, Type, "v1", Description, Keywords.ToList(), Website, Repository,
        Services.Select(s => s.ToSpec()).ToList());
}
