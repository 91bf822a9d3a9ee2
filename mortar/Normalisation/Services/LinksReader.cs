using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Services;

/// <summary>
/// Reads <c>links</c>: <c>service</c>, <c>app/service</c>, <c>service:alias</c>, each name used once per service.
/// Which service a link reaches is decided later, for the whole app (<see cref="Rules.AppRules"/>) and by discovery.
/// </summary>
internal sealed class LinksReader(NodeReader reader)
{
    public void Read(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var links = reader.ReadArray(node, "links", path);
        if (links is null)
        {
            return;
        }
        var aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (text, itemPath) in reader.ItemsOf<MasonString>(links, path.Property("links"), "a string such as \"postgres\", \"app/service\" or \"service:alias\""))
        {
            var problem = LinkReference.TryParse(text.Value, out var link);
            if (problem is not null)
            {
                reader.Errors.Add(itemPath, text.Position, $"{NodeText.Snippet(text)} — {problem}");
                continue;
            }
            if (!aliases.Add(link!.Alias))
            {
                reader.Errors.Add(itemPath, text.Position,
                    $"{NodeText.Snippet(text)} — another link of this service already uses the name \"{link.Alias}\"; give one an alias (\"service:alias\")");
                continue;
            }
            service.Links.Add(new LinkDraft(link, text.Value, itemPath, text.Position));
        }
    }
}
