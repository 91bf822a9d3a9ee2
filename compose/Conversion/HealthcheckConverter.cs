using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>healthcheck</c> → mason.json <c>healthcheck</c>: <c>test</c> (a string, <c>["CMD", ...]</c> or
/// <c>["CMD-SHELL", "..."]</c>; <c>["NONE"]</c> and <c>disable: true</c> mean none), <c>interval</c>, <c>timeout</c>,
/// <c>retries</c>, <c>start_period</c> → <c>startPeriod</c>.
/// </summary>
internal static class HealthcheckConverter
{
    private static readonly string[] FieldOrder = ["test", "interval", "timeout", "retries", "startPeriod"];

    public static void Convert(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        if (context.Mapping(node, key) is not { } mapping)
        {
            return;
        }
        var path = output.Path.Property("healthcheck");
        var check = new JsonObject();
        var disabled = false;
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(mapping, key))
        {
            switch (field)
            {
                case "test":
                    if (value is YamlSequenceNode list)
                    {
                        var test = new JsonArray();
                        foreach (var (item, i) in list.Children.Select((n, i) => (n, i)))
                        {
                            if (context.Text(item, ConversionContext.Item(fieldKey, i)) is { } text)
                            {
                                test.Add((JsonNode)text);
                            }
                        }
                        disabled |= test.Count > 0 && (string?)test[0] == "NONE";
                        check["test"] = test;
                    }
                    else if (context.Text(value, fieldKey) is { } text)
                    {
                        check["test"] = text;
                    }
                    context.Map(path.Property("test"), value);
                    break;
                case "interval" or "timeout" or "start_period":
                    var name = field == "start_period" ? "startPeriod" : field;
                    if (context.Text(value, fieldKey) is { } duration)
                    {
                        if (GoDuration.ToMason(duration) is { } converted)
                        {
                            check[name] = converted;
                            context.Map(path.Property(name), value);
                        }
                        else
                        {
                            context.Error(value, fieldKey, $"\"{duration}\" is not a duration (e.g. 30s, 1m30s, 500ms)");
                        }
                    }
                    break;
                case "retries":
                    if (context.Integer(value, fieldKey) is { } retries)
                    {
                        check["retries"] = retries;
                        context.Map(path.Property("retries"), value);
                    }
                    break;
                case "disable":
                    disabled |= context.Boolean(value, fieldKey) ?? false;
                    break;
                case "start_interval":
                    context.Warn(keyNode, fieldKey, "not converted: checks run every \"interval\", during the start period too");
                    break;
                default:
                    context.Warn(keyNode, fieldKey, "not a key of a healthcheck; it was not converted");
                    break;
            }
        }
        if (disabled)
        {
            // NONE also turns off a HEALTHCHECK the image declares, as disable does in compose.
            output.Set("healthcheck", new JsonObject { ["test"] = new JsonArray("NONE") }, node);
            return;
        }
        if (!check.ContainsKey("test"))
        {
            context.Warn(mapping, key, "not converted: a mason.json healthcheck needs a \"test\"; without one the image's own HEALTHCHECK applies, with its own timings");
            return;
        }
        var ordered = new JsonObject();
        foreach (var field in FieldOrder)
        {
            if (check.TryGetPropertyValue(field, out var value))
            {
                check.Remove(field);
                ordered[field] = value;
            }
        }
        output.Set("healthcheck", ordered, node);
    }
}
