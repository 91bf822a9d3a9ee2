using Codemason.Compose.Interpolation;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>env_file</c> and <c>environment</c> → mason.json <c>environment</c>. A variable named without a value takes the
/// value of the project's environment, as compose does; when that has none it becomes an optional question, so it is
/// unset unless answered at deploy (<c>--set service.KEY=value</c>).
/// </summary>
internal static class EnvironmentConverter
{
    public static void Convert(YamlNode node, string key, ServiceOutput output)
    {
        if (ConversionContext.IsNull(node))
        {
            return;
        }
        foreach (var (name, value, source) in KeyValueList.Read(node, key, output.Context))
        {
            Add(name, value, source, ConversionContext.Child(key, name), output);
        }
    }

    /// <summary>Sets <paramref name="name"/>, or asks for it when neither the file nor the environment has a value.</summary>
    public static void Add(string name, string? value, YamlNode source, string key, ServiceOutput output)
    {
        value ??= output.Context.Variable(name);
        if (value is null)
        {
            output.Context.Warn(source, key,
                $"{name} has no value here (nor in the environment or .env); it became an optional question: mason deploy --set {output.Name}.{name}=VALUE");
            output.Questions.Add((name, source));
            return;
        }
        output.Environment.RemoveAll(e => e.Key == name);
        output.Environment.Add(new KeyValuePair<string, string>(name, value));
        output.EnvironmentSources[name] = source;
    }

    /// <summary><c>env_file</c>: a path, a list of paths, or a list of <c>{path, required}</c>; relative to the compose file.</summary>
    public static void ReadEnvFiles(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        if (ConversionContext.IsNull(node))
        {
            return;
        }
        var items = ConversionContext.Items(node);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var itemKey = node is YamlSequenceNode ? ConversionContext.Item(key, i) : key;
            string? path;
            var required = true;
            if (item is YamlMappingNode entry)
            {
                var fields = ConversionContext.Fields(entry);
                path = fields.TryGetValue("path", out var pathNode) ? context.Text(pathNode, ConversionContext.Child(itemKey, "path")) : null;
                if (path is null)
                {
                    context.Error(item, itemKey, "an env_file entry needs a \"path\"");
                    continue;
                }
                if (fields.TryGetValue("required", out var requiredNode))
                {
                    required = context.Boolean(requiredNode, ConversionContext.Child(itemKey, "required")) ?? true;
                }
                if (fields.TryGetValue("format", out var format) && context.Text(format, ConversionContext.Child(itemKey, "format")) is { } name && name != "raw")
                {
                    context.Warn(format, ConversionContext.Child(itemKey, "format"), $"format \"{name}\" is unknown; the file was read as a .env file");
                }
            }
            else if ((path = context.Text(item, itemKey)) is null)
            {
                continue;
            }
            if (context.ReadFile(path) is not { } text)
            {
                if (required)
                {
                    context.Error(item, itemKey, $"env file {path} not found (relative paths start at the compose file's folder)");
                }
                continue;
            }
            var found = new List<ComposeDiagnostic>();
            foreach (var (name, value) in DotEnvParser.Parse(text, path, context.Variable, found))
            {
                Add(name, value, item, itemKey, output);
            }
            context.Diagnostics.AddRange(found);
        }
    }
}
