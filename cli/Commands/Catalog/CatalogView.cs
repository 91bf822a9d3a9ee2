using System.Text;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Catalog;

/// <summary>The catalog as text: a table of items, or one item in full.</summary>
internal static class CatalogView
{
    public static string RenderList(ListCatalogItemsResponse listing, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(palette);
        var text = new StringBuilder();
        if (listing.Items.Count == 0)
        {
            text.Append("the catalog is empty: the controller offers no built-in items and reads no --catalog source\n");
        }
        else
        {
            var table = new TextTable("name", "image", "description", "also answers to");
            foreach (var item in listing.Items)
            {
                table.Add(item.Name, item.Image, item.Description, string.Join(", ", item.Keywords));
            }
            text.Append(table.Render(palette)).Append("add one to an app: mason add NAME --app APP; details: mason catalog show NAME\n");
        }
        foreach (var problem in listing.Problems)
        {
            text.Append("warning: ").Append(problem).Append('\n');
        }
        return text.ToString();
    }

    public static string RenderItem(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var text = new StringBuilder();
        text.Append(item.Name);
        if (item.Description.Length > 0)
        {
            text.Append(" — ").Append(item.Description);
        }
        text.Append('\n');
        Line(text, "image", item.Image);
        Line(text, "ports", string.Join(", ", item.Ports));
        Line(text, "answers to", string.Join(", ", item.Keywords));
        Line(text, "website", item.Website);
        Line(text, "source", item.Source);
        if (item.Questions.Count > 0)
        {
            text.Append("questions (answer with --set KEY=VALUE):\n");
            foreach (var question in item.Questions)
            {
                text.Append("  ").Append(question.Key);
                var notes = new List<string>();
                if (!question.Required)
                {
                    notes.Add("optional");
                }
                if (question.Secret)
                {
                    notes.Add("secret");
                }
                if (question.DefaultValue.Length > 0)
                {
                    notes.Add($"default {question.DefaultValue}");
                }
                if (notes.Count > 0)
                {
                    text.Append(" (").Append(string.Join(", ", notes)).Append(')');
                }
                if (question.Description.Length > 0)
                {
                    text.Append(" — ").Append(question.Description);
                }
                text.Append('\n');
            }
        }
        text.Append("mason.json:\n").Append(item.MasonJson.TrimEnd()).Append('\n');
        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, string value)
    {
        if (value.Length > 0)
        {
            text.Append("  ").Append(label).Append(": ").Append(value).Append('\n');
        }
    }
}
