using System.Text.Json.Nodes;
using Codemason.Mortar.Syntax;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// One compose service → one mason.json service: reads each key with the converter for its section and reports every
/// key it cannot honour (<see cref="UnsupportedKeys"/>) or does not know.
/// </summary>
internal static class ServiceConverter
{
    public static JsonObject? Convert(string name, YamlNode node, MasonPath path, ProjectScope scope, ConversionContext context)
    {
        var key = ConversionContext.Child("services", name);
        if (ConversionContext.IsNull(node))
        {
            context.Error(node, key, "the service is empty; it needs an \"image\" to run, or a \"build\" to make one");
            return null;
        }
        if (context.Mapping(node, key, "the service's keys (image, ports, ...)") is not { } service)
        {
            return null;
        }
        var output = new ServiceOutput(name, path, context);
        var entries = ConversionContext.Fields(service);
        if (!entries.ContainsKey("image") && !entries.ContainsKey("build"))
        {
            context.Error(service, key, "the service has neither \"image\" nor \"build\"; give it the image to run, or a build to make one");
        }
        if (entries.TryGetValue("image", out var imageNode) && !ConversionContext.IsNull(imageNode)
            && context.Text(imageNode, ConversionContext.Child(key, "image")) is { } image)
        {
            output.Set("image", image, imageNode);
        }
        // The environment first: "environment" overrides what env files set, and build arguments read both.
        if (entries.TryGetValue("env_file", out var envFile))
        {
            EnvironmentConverter.ReadEnvFiles(envFile, ConversionContext.Child(key, "env_file"), output);
        }
        if (entries.TryGetValue("environment", out var environment))
        {
            EnvironmentConverter.Convert(environment, ConversionContext.Child(key, "environment"), output);
        }
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(service, key, skipNull: false))
        {
            if (ConversionContext.IsNull(value) && field is not ("environment" or "env_file"))
            {
                continue;
            }
            switch (field)
            {
                case "build":
                    BuildConverter.Convert(value, fieldKey, output);
                    break;
                case "command" or "entrypoint":
                    Command(field, value, fieldKey, output);
                    break;
                case "ports":
                    PortsConverter.Convert(value, fieldKey, output);
                    break;
                case "volumes":
                    VolumesConverter.Convert(value, fieldKey, scope, output);
                    break;
                case "labels":
                    Labels(value, fieldKey, output);
                    break;
                case "deploy":
                    DeployConverter.Convert(value, fieldKey, output);
                    break;
                case "healthcheck":
                    HealthcheckConverter.Convert(value, fieldKey, output);
                    break;
                case "privileged":
                    if (context.Boolean(value, fieldKey) is { } privileged)
                    {
                        output.Set("privileged", privileged, value);
                    }
                    break;
                case "restart":
                    Restart(value, fieldKey, context);
                    break;
                case "scale":
                    if (!output.Has("scale") && context.Integer(value, fieldKey) is { } scale)
                    {
                        output.Set("scale", scale, value);
                    }
                    break;
                case "mem_limit":
                    DeployConverter.Memory(value, fieldKey, output);
                    break;
                case "cpus":
                    DeployConverter.Cpus(value, fieldKey, output);
                    break;
                case "cpu_shares":
                    if (context.Integer(value, fieldKey) is { } shares)
                    {
                        output.Set("cpu", shares, value);
                    }
                    break;
                case "image" or "environment" or "env_file" or "profiles" or "depends_on" or "links":
                    break;
                default:
                    Unsupported(keyNode, field, fieldKey, context);
                    break;
            }
        }
        LinksConverter.Convert(entries.GetValueOrDefault("depends_on"), entries.GetValueOrDefault("links"), key, scope, output);
        return output.Build(service);
    }

    private static void Unsupported(YamlNode keyNode, string field, string fieldKey, ConversionContext context)
    {
        if (field.StartsWith("x-", StringComparison.Ordinal))
        {
            // Extension fields are for the file's own use (anchors); compose ignores them too.
            return;
        }
        context.Warn(keyNode, fieldKey, UnsupportedKeys.Service.TryGetValue(field, out var advice)
            ? "not converted: " + advice
            : "not a compose key mason knows; it was not converted");
    }

    private static void Command(string field, YamlNode value, string key, ServiceOutput output)
    {
        if (value is YamlSequenceNode list)
        {
            var arguments = new JsonArray();
            for (var i = 0; i < list.Children.Count; i++)
            {
                if (output.Context.Text(list.Children[i], ConversionContext.Item(key, i)) is { } argument)
                {
                    output.Context.Map(output.Path.Property(field).Index(arguments.Count), list.Children[i]);
                    arguments.Add((JsonNode)argument);
                }
            }
            output.Set(field, arguments, value);
        }
        else if (output.Context.Text(value, key) is { } text)
        {
            output.Set(field, text, value);
        }
    }

    private static void Labels(YamlNode value, string key, ServiceOutput output)
    {
        var labels = new JsonObject();
        foreach (var (name, text, source) in KeyValueList.Read(value, key, output.Context))
        {
            labels[name] = text ?? string.Empty;
            output.Context.Map(output.Path.Property("labels").Property(name), source);
        }
        if (labels.Count > 0)
        {
            output.Set("labels", labels, value);
        }
    }

    private static void Restart(YamlNode value, string key, ConversionContext context)
    {
        var policy = context.Text(value, key);
        if (policy is null or "always" or "unless-stopped")
        {
            // The agent restarts every container that stops, with a back-off: what these policies ask for.
            return;
        }
        context.Warn(value, key, policy.StartsWith("on-failure", StringComparison.Ordinal)
            ? $"\"{policy}\" is not honoured exactly: the agent restarts a container whenever it exits, with a back-off (10 s doubling to 5 min), without a maximum count"
            : $"\"{policy}\" is not honoured: the agent restarts a container whenever it exits; run one-off jobs outside mason");
    }
}
