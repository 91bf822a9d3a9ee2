namespace Codemason.Mortar.Normalisation;

/// <summary>A parsed link string: <c>service</c>, <c>app/service</c>, <c>service:alias</c>, <c>app/service:alias</c>.</summary>
internal sealed record LinkReference(string? App, string Service, string Alias)
{
    public static string? TryParse(string text, out LinkReference? link)
    {
        link = null;
        var target = text;
        string? alias = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            target = text[..colon];
            alias = text[(colon + 1)..];
            if (!NameSyntax.IsName(alias))
            {
                return alias.Length == 0 ? "the alias after ':' is empty" : $"alias \"{alias}\" is invalid: {NameSyntax.NameRule}";
            }
        }
        string? app = null;
        var service = target;
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            app = target[..slash];
            service = target[(slash + 1)..];
            if (!NameSyntax.IsName(app))
            {
                return app.Length == 0 ? "the app before '/' is empty" : $"app name \"{app}\" is invalid: {NameSyntax.NameRule}";
            }
        }
        if (!NameSyntax.IsName(service))
        {
            return service.Length == 0
                ? "the service name is empty; the forms are service, app/service, service:alias"
                : $"service name \"{service}\" is invalid: {NameSyntax.NameRule}; the forms are service, app/service, service:alias";
        }
        link = new LinkReference(app, service, alias ?? service);
        return null;
    }
}
