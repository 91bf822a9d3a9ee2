using Codemason.Proto.V1;
using Google.Protobuf.Reflection;

namespace Codemason.Cli.Api;

/// <summary>The rpcs the CLI calls, looked up once from the protobuf descriptors.</summary>
internal static class ControllerMethods
{
    private static readonly ServiceDescriptor Apps = AppsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("AppService");
    private static readonly ServiceDescriptor Environments = EnvironmentsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("EnvironmentService");
    private static readonly ServiceDescriptor Nodes = NodesReflection.Descriptor.FindTypeByName<ServiceDescriptor>("NodeService");
    private static readonly ServiceDescriptor Watch = WatchReflection.Descriptor.FindTypeByName<ServiceDescriptor>("WatchService");
    private static readonly ServiceDescriptor Logs = LogsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("LogService");

    public static MethodDescriptor Apply { get; } = Apps.FindMethodByName("Apply");
    public static MethodDescriptor GetApp { get; } = Apps.FindMethodByName("GetApp");
    public static MethodDescriptor ListApps { get; } = Apps.FindMethodByName("ListApps");
    public static MethodDescriptor ListReplicas { get; } = Apps.FindMethodByName("ListReplicas");
    public static MethodDescriptor ListRevisions { get; } = Apps.FindMethodByName("ListRevisions");
    public static MethodDescriptor Rollback { get; } = Apps.FindMethodByName("Rollback");
    public static MethodDescriptor Scale { get; } = Apps.FindMethodByName("Scale");
    public static MethodDescriptor DeleteApp { get; } = Apps.FindMethodByName("DeleteApp");
    public static MethodDescriptor ListEvents { get; } = Apps.FindMethodByName("ListEvents");
    public static MethodDescriptor CreateEnvironment { get; } = Environments.FindMethodByName("CreateEnvironment");
    public static MethodDescriptor ListEnvironments { get; } = Environments.FindMethodByName("ListEnvironments");
    public static MethodDescriptor IssueJoinToken { get; } = Environments.FindMethodByName("IssueJoinToken");
    public static MethodDescriptor ListNodes { get; } = Nodes.FindMethodByName("ListNodes");
    public static MethodDescriptor SetNodeAvailability { get; } = Nodes.FindMethodByName("SetNodeAvailability");
    public static MethodDescriptor RemoveNode { get; } = Nodes.FindMethodByName("RemoveNode");
    public static MethodDescriptor WatchChanges { get; } = Watch.FindMethodByName("Watch");
    public static MethodDescriptor StreamLogs { get; } = Logs.FindMethodByName("StreamLogs");
}
