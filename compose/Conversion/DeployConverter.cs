using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Codemason.Compose.Conversion;

/// <summary>
/// <c>deploy</c> → <c>scale</c> (replicas), <c>memory</c> (MiB) and <c>cpu</c> (shares, 1 CPU = 1024) from
/// <c>resources.limits</c>, and <c>placement</c> (constraints, max_replicas_per_node). The rest of Swarm's deploy
/// section is reported. The service-level <c>mem_limit</c> and <c>cpus</c> convert the same way.
/// </summary>
internal static class DeployConverter
{
    public static void Convert(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        if (context.Mapping(node, key) is not { } deploy)
        {
            return;
        }
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(deploy, key))
        {
            switch (field)
            {
                case "replicas":
                    if (context.Integer(value, fieldKey) is { } replicas)
                    {
                        output.Set("scale", replicas, value);
                    }
                    break;
                case "resources":
                    Resources(value, fieldKey, output);
                    break;
                case "placement":
                    Placement(value, fieldKey, output);
                    break;
                case "mode":
                    if (context.Text(value, fieldKey) is { } mode && mode != "replicated")
                    {
                        context.Warn(value, fieldKey, $"\"{mode}\" is not converted: set \"scale\" to the number of nodes and \"placement\": {{\"maxPerNode\": 1}} for one replica per node");
                    }
                    break;
                case "restart_policy":
                    context.Warn(keyNode, fieldKey, "not converted: the agent restarts a container whenever it exits, with a back-off (10 s doubling to 5 min)");
                    break;
                case "update_config" or "rollback_config":
                    context.Warn(keyNode, fieldKey, "not converted: mason replaces replicas one by one, starting the new one first (and waiting for its healthcheck) unless a fixed host port is published");
                    break;
                case "labels":
                    context.Warn(keyNode, fieldKey, "not converted: Swarm service labels; put container labels in the service's \"labels\"");
                    break;
                case "endpoint_mode":
                    context.Warn(keyNode, fieldKey, "not converted: services are reached by name through the environment's service DNS");
                    break;
                default:
                    context.Warn(keyNode, fieldKey, "not a key of deploy; it was not converted");
                    break;
            }
        }
    }

    /// <summary>A memory limit (<c>512m</c>, <c>1g</c>) → <c>memory</c> in MiB, rounded up.</summary>
    public static void Memory(YamlNode node, string key, ServiceOutput output)
    {
        if (output.Context.Text(node, key) is not { } text)
        {
            return;
        }
        if (ByteSize.Parse(text) is not { } bytes)
        {
            output.Context.Error(node, key, $"\"{text}\" is not a size (e.g. 512m, 1g)");
            return;
        }
        var mebibytes = (bytes + ByteSize.MiB - 1) / ByteSize.MiB;
        if (mebibytes * ByteSize.MiB != bytes)
        {
            output.Context.Warn(node, key, string.Create(CultureInfo.InvariantCulture, $"{text} is not a whole number of MiB; the limit is {mebibytes} MiB"));
        }
        output.Set("memory", mebibytes, node);
    }

    /// <summary>A number of CPUs → <c>cpu</c> shares (1 CPU = 1024), which weigh CPU time rather than cap it.</summary>
    public static void Cpus(YamlNode node, string key, ServiceOutput output)
    {
        if (output.Context.Text(node, key) is not { } text)
        {
            return;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) || cpus <= 0)
        {
            output.Context.Error(node, key, $"\"{text}\" is not a number of CPUs (e.g. 0.5, 2)");
            return;
        }
        var shares = Math.Max(2, (long)Math.Round(cpus * 1024, MidpointRounding.AwayFromZero));
        output.Context.Warn(node, key, string.Create(CultureInfo.InvariantCulture,
            $"{text} CPUs became \"cpu\": {shares}, a relative weight (CPU shares, 1024 per CPU) that applies when CPUs are busy, not a hard cap"));
        output.Set("cpu", shares, node);
    }

    private static void Resources(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        if (context.Mapping(node, key) is not { } resources)
        {
            return;
        }
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(resources, key, skipNull: false))
        {
            if (field == "reservations")
            {
                context.Warn(keyNode, fieldKey, "not converted: mason sets limits only; the scheduler does not reserve resources");
                continue;
            }
            if (field != "limits")
            {
                context.Warn(keyNode, fieldKey, "not a key of deploy.resources; it was not converted");
                continue;
            }
            if (ConversionContext.IsNull(value) || context.Mapping(value, fieldKey) is not { } limits)
            {
                continue;
            }
            foreach (var (limitKey, limit) in limits.Children)
            {
                var name = ConversionContext.KeyName(limitKey);
                var limitPath = ConversionContext.Child(fieldKey, name);
                switch (name)
                {
                    case "memory":
                        Memory(limit, limitPath, output);
                        break;
                    case "cpus":
                        Cpus(limit, limitPath, output);
                        break;
                    default:
                        context.Warn(limitKey, limitPath, "not converted: mason.json limits memory and cpu only");
                        break;
                }
            }
        }
    }

    private static void Placement(YamlNode node, string key, ServiceOutput output)
    {
        var context = output.Context;
        if (context.Mapping(node, key) is not { } placement)
        {
            return;
        }
        var result = new JsonObject();
        var path = output.Path.Property("placement");
        foreach (var (keyNode, field, fieldKey, value) in ConversionContext.Entries(placement, key, skipNull: false))
        {
            switch (field)
            {
                case "constraints":
                    var constraints = new JsonArray();
                    foreach (var (item, i) in ConversionContext.Items(value).Select((n, i) => (n, i)))
                    {
                        if (context.Text(item, ConversionContext.Item(fieldKey, i)) is { } constraint)
                        {
                            context.Map(path.Property("constraints").Index(constraints.Count), item);
                            constraints.Add((JsonNode)constraint);
                        }
                    }
                    result["constraints"] = constraints;
                    break;
                case "max_replicas_per_node":
                    if (context.Integer(value, fieldKey) is { } max)
                    {
                        result["maxPerNode"] = max;
                        context.Map(path.Property("maxPerNode"), value);
                    }
                    break;
                default:
                    context.Warn(keyNode, fieldKey, "not converted: mason.json placement has constraints and maxPerNode only");
                    break;
            }
        }
        if (result.Count > 0)
        {
            output.Set("placement", result, node);
        }
    }
}
