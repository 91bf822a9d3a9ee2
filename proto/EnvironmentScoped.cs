namespace Codemason.Proto.V1;

/// <summary>
/// A request that names the environment it acts in (empty: all the caller may see, for listings). The controller's
/// authorisation reads it to check the caller's environments before the handler runs.
/// </summary>
public interface IEnvironmentScopedRequest
{
    /// <summary>The environment named by the request; empty when none.</summary>
    string Environment { get; }
}

public sealed partial class ApplyRequest : IEnvironmentScopedRequest;

public sealed partial class GetAppRequest : IEnvironmentScopedRequest;

public sealed partial class ListAppsRequest : IEnvironmentScopedRequest;

public sealed partial class ListReplicasRequest : IEnvironmentScopedRequest;

public sealed partial class ListRevisionsRequest : IEnvironmentScopedRequest;

public sealed partial class GetRevisionRequest : IEnvironmentScopedRequest;

public sealed partial class RollbackRequest : IEnvironmentScopedRequest;

public sealed partial class ScaleRequest : IEnvironmentScopedRequest;

public sealed partial class DeleteAppRequest : IEnvironmentScopedRequest;

public sealed partial class ListEventsRequest : IEnvironmentScopedRequest;

public sealed partial class StreamLogsRequest : IEnvironmentScopedRequest;

public sealed partial class WatchRequest : IEnvironmentScopedRequest;

public sealed partial class ListNodesRequest : IEnvironmentScopedRequest;

public sealed partial class IssueJoinTokenRequest : IEnvironmentScopedRequest;

public sealed partial class SetEnvironmentPolicyRequest : IEnvironmentScopedRequest;

public sealed partial class CreateRemoteRequest : IEnvironmentScopedRequest;

public sealed partial class ListBuildsRequest : IEnvironmentScopedRequest;

public sealed partial class ListRoutesRequest : IEnvironmentScopedRequest;

public sealed partial class AddCertificateRequest : IEnvironmentScopedRequest;

public sealed partial class ListCertificatesRequest : IEnvironmentScopedRequest;

public sealed partial class RemoveCertificateRequest : IEnvironmentScopedRequest;

public sealed partial class AddCatalogItemRequest : IEnvironmentScopedRequest;
