using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Container;

/// <summary>Reads <c>labels</c>: an object of non-empty keys and scalar values, expanded; <c>codemason.*</c> is reserved for the agent.</summary>
internal sealed class LabelsReader(NodeReader reader, TemplateReader templates)
{
    public void Read(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var labels = reader.Read<MasonObject>(node, "labels", path, "an object {\"key\": \"value\"}");
        if (labels is null)
        {
            return;
        }
        var labelsPath = path.Property("labels");
        foreach (var property in labels.Properties)
        {
            var itemPath = labelsPath.Property(property.Name);
            if (property.Name.StartsWith("codemason.", StringComparison.OrdinalIgnoreCase))
            {
                reader.Errors.Add(itemPath, property.NamePosition, $"\"{property.Name}\" — labels starting with \"codemason.\" are reserved for the agent");
                continue;
            }
            if (property.Name.Length == 0)
            {
                reader.Errors.Add(itemPath, property.NamePosition, "a label needs a non-empty key");
                continue;
            }
            var value = NodeText.Scalar(property.Value);
            if (value is null)
            {
                reader.TypeError(itemPath, property.Value, "a string");
                continue;
            }
            service.Labels[property.Name] = templates.Expand(value, itemPath, property.Value) ?? value;
        }
    }
}
