using Codemason.Mortar.Validation;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Which fields and values mason.json allows where, read from <see cref="MasonSchema"/>: the schema is the one
/// list of them, so the readers' "unknown property … did you mean" follows what editors and the validator use.
/// </summary>
internal static class MasonFields
{
    // Fields of a service that an application may also have at its top (its own description, and questions for
    // every service); the others belong on its services. Draft-07 without if/then cannot say which, so it is listed here.
    private static readonly string[] SharedWithApplication =
        ["name", "description", "keywords", "website", "repository", "type", "masonVersion", "questions"];

    // Fields only a load balancer file has; the schema's top level lists them with every other file's fields.
    private static readonly string[] LoadBalancerOnly = ["targets"];

    // Fields of a load balancer file besides its own: the header. Draft-07 without if/then cannot say which either.
    private static readonly string[] SharedWithLoadBalancer =
        ["$schema", "name", "description", "keywords", "website", "repository", "type", "masonVersion"];

    private static readonly SchemaNode FileSchema = MasonSchema.Root;

    private static readonly SchemaNode ServiceSchema = FileSchema.Properties["services"].Items!.Target;

    /// <summary>Top-level fields of a service or instance file: every top-level field of the schema but a load balancer's.</summary>
    public static readonly IReadOnlyList<string> File = [.. Names(FileSchema).Except(LoadBalancerOnly)];

    /// <summary>Fields of a service (or instance) inside an application.</summary>
    public static readonly IReadOnlyList<string> Service = Names(ServiceSchema);

    /// <summary>Top-level fields of an application: those no service has, and those it shares with its services.</summary>
    public static readonly IReadOnlyList<string> Application = [.. File.Where(f => !Service.Contains(f) || SharedWithApplication.Contains(f))];

    /// <summary>Top-level fields of a load balancer file: the header and <c>targets</c>.</summary>
    public static readonly IReadOnlyList<string> LoadBalancer = [.. Names(FileSchema).Where(f => SharedWithLoadBalancer.Contains(f) || LoadBalancerOnly.Contains(f))];

    /// <summary>Fields of an entry of a load balancer's <c>targets</c>.</summary>
    public static readonly IReadOnlyList<string> Target = Names(Field(FileSchema, "targets").Items!.Target);

    /// <summary>Fields of a target's <c>source</c>.</summary>
    public static readonly IReadOnlyList<string> TargetSource = Names(Field(Field(FileSchema, "targets").Items!.Target, "source"));

    /// <summary>Fields of a target's <c>target</c>.</summary>
    public static readonly IReadOnlyList<string> TargetDestination = Names(Field(Field(FileSchema, "targets").Items!.Target, "target"));

    /// <summary>Fields of the object form of an entry of a service's <c>domains</c>.</summary>
    public static readonly IReadOnlyList<string> Domain = Names(Field(ServiceSchema, "domains").Items!.Target);

    /// <summary>The values of a target's <c>source.protocol</c>.</summary>
    public static readonly IReadOnlyList<string> RouteProtocols = Field(Field(Field(FileSchema, "targets").Items!.Target, "source"), "protocol").Enum!;

    public static readonly IReadOnlyList<string> Build = Names(Field(ServiceSchema, "build"));

    public static readonly IReadOnlyList<string> Healthcheck = Names(Field(ServiceSchema, "healthcheck"));

    public static readonly IReadOnlyList<string> Placement = Names(Field(ServiceSchema, "placement"));

    public static readonly IReadOnlyList<string> Question = Names(Field(ServiceSchema, "questions").Items!.Target);

    public static readonly IReadOnlyList<string> Registry = Names(Field(FileSchema, "registries").Items!.Target);

    /// <summary>The values of <c>masonVersion</c>.</summary>
    public static readonly IReadOnlyList<string> Versions = Field(FileSchema, "masonVersion").Enum!;

    /// <summary>The values of a file's <c>type</c>.</summary>
    public static readonly IReadOnlyList<string> FileTypes = Field(FileSchema, "type").Enum!;

    /// <summary>The values of <c>type</c> on a service inside an application.</summary>
    public static readonly IReadOnlyList<string> ServiceTypes = Field(ServiceSchema, "type").Enum!;

    private static SchemaNode Field(SchemaNode schema, string name) => schema.Properties[name].Target;

    private static string[] Names(SchemaNode schema) => [.. schema.Properties.Keys];
}
