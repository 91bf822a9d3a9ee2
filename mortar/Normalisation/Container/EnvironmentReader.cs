using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Container;

/// <summary>Reads <c>environment</c>: an object <c>{"KEY": "value"}</c> or a list <c>["KEY=value"]</c>, values expanded, order kept.</summary>
internal sealed class EnvironmentReader(NodeReader reader, TemplateReader templates)
{
    public void Read(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var envPath = path.Property("environment");
        switch (node["environment"])
        {
            case null:
                return;
            case MasonObject map:
                ReadObject(map, envPath, service);
                return;
            case MasonArray list:
                ReadList(list, envPath, service);
                return;
            case var other:
                reader.TypeError(envPath, other, "an object {\"KEY\": \"value\"} or an array [\"KEY=value\"]");
                return;
        }
    }

    private void ReadObject(MasonObject map, MasonPath envPath, ServiceDraft service)
    {
        foreach (var property in map.Properties)
        {
            var itemPath = envPath.Property(property.Name);
            if (!NameSyntax.IsEnvironmentName(property.Name))
            {
                reader.Errors.Add(itemPath, property.NamePosition, $"\"{property.Name}\" — invalid variable name: {NameSyntax.EnvironmentRule}");
                continue;
            }
            var value = NodeText.Scalar(property.Value);
            if (value is null)
            {
                reader.TypeError(itemPath, property.Value, "a string, number or boolean");
                continue;
            }
            service.Environment.Add(new EnvironmentVariable(property.Name, templates.Expand(value, itemPath, property.Value) ?? value));
        }
    }

    private void ReadList(MasonArray list, MasonPath envPath, ServiceDraft service)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, itemPath) in reader.ItemsOf<MasonString>(list, envPath, "a string \"KEY=value\""))
        {
            var equals = entry.Value.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                reader.Errors.Add(itemPath, entry.Position, $"{NodeText.Snippet(entry)} — expected \"KEY=value\"");
                continue;
            }
            var name = entry.Value[..equals];
            if (!NameSyntax.IsEnvironmentName(name))
            {
                reader.Errors.Add(itemPath, entry.Position, $"{NodeText.Snippet(entry)} — invalid variable name \"{name}\": {NameSyntax.EnvironmentRule}");
                continue;
            }
            if (!seen.Add(name))
            {
                reader.Errors.Add(itemPath, entry.Position, $"{NodeText.Snippet(entry)} — variable {name} is set twice");
                continue;
            }
            var value = entry.Value[(equals + 1)..];
            service.Environment.Add(new EnvironmentVariable(name, templates.Expand(value, itemPath, entry) ?? value));
        }
    }
}
