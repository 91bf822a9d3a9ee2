using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>build</c> → mason.json <c>build</c>: <c>context</c> and <c>dockerfile</c> as paths of the repository (the compose
/// file is taken to sit at its root), and <c>args</c> by name. mason gives a build only variables of the service itself,
/// so each argument's value goes to the service's <c>environment</c> (or, without one, an optional question) — said in
/// a warning, since the running container sees it too.
/// </summary>
internal static class BuildConverter
{
    public static void Convert(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        var build = new JsonObject();
        var buildPath = output.Path.Property("build");
        if (node is YamlScalarNode && context.Text(node, key) is { } path && IsOutsideRepository(path))
        {
            OutsideRepository(node, key, path, output);
            return;
        }
        if (node is YamlScalarNode)
        {
            Context(node, key, build, buildPath, context);
            output.Set("build", build, node);
            return;
        }
        if (context.Mapping(node, key, "a build context (a path) or a mapping (context, dockerfile, args)") is not { } mapping)
        {
            return;
        }
        if (mapping.Children.TryGetValue(new YamlScalarNode("context"), out var contextNode) && !ConversionContext.IsNull(contextNode)
            && context.Text(contextNode, ConversionContext.Child(key, "context")) is { } text && IsOutsideRepository(text))
        {
            OutsideRepository(contextNode, ConversionContext.Child(key, "context"), text, output);
            return;
        }
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(mapping, key))
        {
            switch (field)
            {
                case "context":
                    Context(value, fieldKey, build, buildPath, context);
                    break;
                case "dockerfile":
                    if (context.Text(value, fieldKey) is { } dockerfile)
                    {
                        build["dockerfile"] = dockerfile;
                        context.Map(buildPath.Property("dockerfile"), value);
                    }
                    break;
                case "args":
                    Args(value, fieldKey, build, buildPath, output);
                    break;
                case "dockerfile_inline":
                    context.Warn(keyNode, fieldKey, "not converted: put the Dockerfile in the repository and name it with \"dockerfile\"");
                    break;
                default:
                    context.Warn(keyNode, fieldKey,
                        "not converted: mason builds with the context, the Dockerfile and the arguments only (builds run on a node of the environment when the app's git remote is pushed)");
                    break;
            }
        }
        output.Set("build", build, node);
    }

    private static void Context(YamlNode node, string key, JsonObject build, Mortar.Syntax.MasonPath buildPath, ConversionContext context)
    {
        if (context.Text(node, key) is not { } text)
        {
            return;
        }
        var relative = text.TrimStart('.', '/').Length == 0 ? string.Empty : (text.StartsWith("./", StringComparison.Ordinal) ? text[2..] : text).TrimEnd('/');
        if (relative.Length > 0)
        {
            build["context"] = relative;
            context.Map(buildPath.Property("context"), node);
        }
    }

    private static bool IsOutsideRepository(string context) =>
        context.Contains("://", StringComparison.Ordinal) || context.StartsWith("git@", StringComparison.Ordinal) || context.StartsWith('/');

    /// <summary>A context mason cannot build from: the service runs its image, or cannot be converted without one.</summary>
    private static void OutsideRepository(YamlNode node, string key, string text, ServiceOutput output)
    {
        var problem = $"the build context \"{text}\" is outside the repository; mason builds from the app's git remote (build.context is a folder of it)";
        if (output.Has("image"))
        {
            output.Context.Warn(node, key, $"not converted: {problem}; the service runs its image");
        }
        else
        {
            output.Context.Error(node, key, $"{problem}; give the service an \"image\", or move the source into the repository");
        }
    }

    private static void Args(YamlNode node, string key, JsonObject build, Mortar.Syntax.MasonPath buildPath, ServiceOutput output)
    {
        var names = new JsonArray();
        foreach (var (name, value, source) in KeyValueList.Read(node, key, output.Context))
        {
            var argKey = ConversionContext.Child(key, name);
            output.Context.Map(buildPath.Property("args").Index(names.Count), source);
            names.Add((JsonNode)name);
            var current = output.Environment.FirstOrDefault(e => e.Key == name).Value;
            var resolved = value ?? output.Context.Variable(name);
            if (current is not null)
            {
                if (resolved is not null && resolved != current)
                {
                    output.Context.Warn(source, argKey, $"the build receives the service's variable {name} (\"{current}\"), not \"{resolved}\": mason passes a build only the service's own variables");
                }
                continue;
            }
            if (resolved is not null)
            {
                output.Context.Warn(source, argKey, $"{name} is also set in the service's environment: mason passes a build only the service's own variables, so the running container sees it too");
            }
            EnvironmentConverter.Add(name, resolved, source, argKey, output);
        }
        if (names.Count > 0)
        {
            build["args"] = names;
        }
    }
}
