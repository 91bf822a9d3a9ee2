using System.Collections.Frozen;

namespace Codemason.Controller.Auth;

/// <summary>
/// The permission of every public rpc, by full method name. Deny by default: an rpc missing here needs an admin, so
/// one added later is never opened by accident (a test checks every rpc of the API is listed). The environment
/// comes from the request (<c>IEnvironmentScopedRequest</c>); calls about one node (GetNode) check the node's
/// environment in the handler.
/// </summary>
public static class RpcPermissions
{
    private static readonly RpcPermission AdminOnly = new(ApiRole.Admin);
    private static readonly RpcPermission Read = new(ApiRole.Viewer);
    private static readonly RpcPermission ReadListing = new(ApiRole.Viewer, Listing: true);
    private static readonly RpcPermission Deploy = new(ApiRole.Deployer);

    /// <summary>Every listed rpc and what it needs.</summary>
    public static FrozenDictionary<string, RpcPermission> All { get; } = new Dictionary<string, RpcPermission>(StringComparer.Ordinal)
    {
        ["/codemason.v1.AppService/Apply"] = Deploy,
        ["/codemason.v1.AppService/GetApp"] = Read,
        ["/codemason.v1.AppService/ListApps"] = ReadListing,
        ["/codemason.v1.AppService/ListReplicas"] = Read,
        ["/codemason.v1.AppService/ListRevisions"] = Read,
        ["/codemason.v1.AppService/GetRevision"] = Read,
        ["/codemason.v1.AppService/Rollback"] = Deploy,
        ["/codemason.v1.AppService/Scale"] = Deploy,
        ["/codemason.v1.AppService/DeleteApp"] = Deploy,
        ["/codemason.v1.AppService/ListEvents"] = Read,
        ["/codemason.v1.LogService/StreamLogs"] = Deploy,
        ["/codemason.v1.WatchService/Watch"] = ReadListing,
        ["/codemason.v1.EnvironmentService/CreateEnvironment"] = AdminOnly,
        ["/codemason.v1.EnvironmentService/ListEnvironments"] = ReadListing,
        ["/codemason.v1.EnvironmentService/IssueJoinToken"] = AdminOnly,
        ["/codemason.v1.EnvironmentService/SetEnvironmentPolicy"] = AdminOnly,
        ["/codemason.v1.EnvironmentService/UpdateEnvironment"] = AdminOnly,
        ["/codemason.v1.NodeService/ListNodes"] = ReadListing,
        ["/codemason.v1.NodeService/GetNode"] = ReadListing,
        ["/codemason.v1.NodeService/SetNodeAvailability"] = AdminOnly,
        ["/codemason.v1.NodeService/RemoveNode"] = AdminOnly,
        ["/codemason.v1.NodeService/ApproveNode"] = AdminOnly,
        ["/codemason.v1.NodeService/RotateNodeCredential"] = AdminOnly,
        ["/codemason.v1.TokenService/GetCurrentToken"] = ReadListing,
        ["/codemason.v1.TokenService/CreateToken"] = AdminOnly,
        ["/codemason.v1.TokenService/ListTokens"] = AdminOnly,
        ["/codemason.v1.TokenService/RevokeToken"] = AdminOnly,
        ["/codemason.v1.BuildService/CreateRemote"] = Deploy,
        ["/codemason.v1.BuildService/ListBuilds"] = ReadListing,
        // The build's environment is checked by the handler once it has the build.
        ["/codemason.v1.BuildService/GetBuild"] = ReadListing,
        ["/codemason.v1.BuildService/StreamBuildLog"] = ReadListing,
        ["/codemason.v1.RouteService/ListRoutes"] = Read,
        // A certificate's key is a secret of the environment, as its join token is (docs/security.md).
        ["/codemason.v1.RouteService/AddCertificate"] = AdminOnly,
        ["/codemason.v1.RouteService/ListCertificates"] = Read,
        ["/codemason.v1.RouteService/RemoveCertificate"] = AdminOnly,
        // The catalog is the same for every environment; adding an item deploys, as an apply does.
        ["/codemason.v1.CatalogService/ListItems"] = ReadListing,
        ["/codemason.v1.CatalogService/GetItem"] = ReadListing,
        ["/codemason.v1.CatalogService/AddItem"] = Deploy,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The permission of <paramref name="method"/>; admin only when it is not listed.</summary>
    public static RpcPermission For(string method) => All.GetValueOrDefault(method, AdminOnly);
}
