using System.Globalization;
using Codemason.Mortar;
using Codemason.Mortar.Model;
using Codemason.Mortar.Validation;

namespace Codemason.Controller.Catalog;

/// <summary>
/// Reads one catalog item from its mason.json text (pure): the file must be valid, of type <c>service</c>, name an
/// <c>image</c> and build nothing, since an item is deployed where there is no source to build.
/// </summary>
public static class CatalogItemReader
{
    /// <summary>The item, or why the text is not one (each problem on its own line, with line:column).</summary>
    public static (CatalogItem? Item, IReadOnlyList<string> Problems) Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var validation = MasonValidator.Validate(text);
        if (!validation.IsValid)
        {
            return (null, [.. validation.Errors.Select(e => e.ToString())]);
        }
        if (validation.Type != MasonFileType.Service)
        {
            return (null, [string.Create(CultureInfo.InvariantCulture, $"type must be \"service\" for a catalog item, not \"{validation.Type.ToString()?.ToLowerInvariant()}\"")]);
        }
        // Required questions get a stand-in answer, so the file normalises to the one service it describes.
        var probe = validation.Questions.Where(q => q.Required).ToDictionary(q => q.AnswerKey, _ => "-", StringComparer.Ordinal);
        var result = MortarPipeline.Process(text, MortarContext.Empty with { Answers = probe });
        if (!result.Succeeded || result.App is not { Services: [var service] } app)
        {
            return (null, [.. result.Errors.Select(e => e.ToString())]);
        }
        if (service.Build is not null || string.IsNullOrEmpty(service.Image))
        {
            return (null, ["a catalog item names an image and builds nothing"]);
        }
        var item = new CatalogItem(
            app.Name.Value.ToLowerInvariant(),
            app.Description ?? service.Description ?? string.Empty,
            [.. app.Keywords.Select(k => k.ToLowerInvariant())],
            app.Website,
            service.Image,
            service.Ports,
            validation.Questions,
            text,
            source);
        return (item, []);
    }
}
