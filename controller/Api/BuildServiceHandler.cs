using Codemason.Controller.Auth;
using Codemason.Controller.Builds;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.BuildService</c>: git remotes, builds and their output.</summary>
public sealed class BuildServiceHandler(IBuildStore builds, IRemoteRepositories repositories, BuildLogs logs, IHostApplicationLifetime lifetime)
    : BuildService.BuildServiceBase
{
    /// <summary>Builds listed when the request asks for none.</summary>
    public const int DefaultListLimit = 20;

    /// <summary>Lines per streamed message.</summary>
    private const int LinesPerMessage = 64;

    public override Task<GitRemoteInfo> CreateRemote(CreateRemoteRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var app = RequestValidation.AppKeyOf(request.Environment, request.App);
        var branch = RequestValidation.Optional(request.DeployBranch?.Trim());
        if (branch is not null && !GitBranchNames.IsValid(branch))
        {
            throw new InvalidRequestException($"\"{branch}\" is not a branch name git accepts");
        }
        var followUrl = RequestValidation.Optional(request.FollowUrl?.Trim());
        if (followUrl is not null && request.Unfollow)
        {
            throw new InvalidRequestException("follow_url and unfollow exclude each other");
        }
        if (followUrl is not null && FollowUrls.Problem(followUrl) is { } problem)
        {
            throw new InvalidRequestException($"cannot follow \"{followUrl}\": {problem}");
        }
        var interval = request.FollowIntervalSeconds == 0 ? FollowOptions.DefaultInterval : TimeSpan.FromSeconds(request.FollowIntervalSeconds);
        if (interval < FollowOptions.MinimumInterval)
        {
            throw new InvalidRequestException($"a followed repository is fetched at most every {FollowOptions.MinimumInterval.TotalSeconds:0} s");
        }
        var remote = await builds.SaveGitRemoteAsync(app, branch, context.GetCaller().Name, context.CancellationToken);
        var created = await repositories.EnsureAsync(app, context.CancellationToken);
        if (followUrl is not null || request.Unfollow)
        {
            remote = await builds.SetFollowAsync(app, followUrl, interval, context.CancellationToken);
        }
        return new GitRemoteInfo
        {
            Environment = app.Environment,
            App = app.App,
            Path = repositories.PathOf(app),
            DeployBranch = remote.DeployBranch,
            Created = created,
            FollowUrl = remote.FollowUrl ?? "",
            FollowIntervalSeconds = (uint)remote.FollowInterval.TotalSeconds,
            FollowedCommit = remote.FollowedCommit ?? "",
        };
    });

    public override Task<ListBuildsResponse> ListBuilds(ListBuildsRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var caller = context.GetCaller();
        var limit = request.Limit == 0 ? DefaultListLimit : (int)Math.Min(request.Limit, 1000);
        var listed = await builds.ListBuildsAsync(RequestValidation.Optional(request.Environment), RequestValidation.Optional(request.App), limit, context.CancellationToken);
        return new ListBuildsResponse { Builds = { listed.Where(b => caller.Covers(b.App.Environment)).Select(BuildWire.ToWire) } };
    });

    public override Task<Proto.V1.Build> GetBuild(GetBuildRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
        BuildWire.ToWire(await FindAsync(request.Id, context, nameof(GetBuild))));

    public override async Task StreamBuildLog(StreamBuildLogRequest request, IServerStreamWriter<BuildLogLines> responseStream, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        try
        {
            await ApiCall.RunAsync(async () =>
            {
                var build = await FindAsync(request.Id, context, nameof(StreamBuildLog));
                await context.WriteResponseHeadersAsync(new Metadata());
                var batch = new BuildLogLines();
                await foreach (var line in logs.ReadAsync(build.Id, request.Follow && !build.Finished, cancellationToken))
                {
                    batch.Lines.Add(line);
                    if (batch.Lines.Count >= LinesPerMessage)
                    {
                        await responseStream.WriteAsync(batch, cancellationToken);
                        batch = new BuildLogLines();
                    }
                }
                if (batch.Lines.Count > 0)
                {
                    await responseStream.WriteAsync(batch, cancellationToken);
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller left or the controller is stopping: a normal end.
        }
    }

    private async Task<BuildRecord> FindAsync(ulong id, ServerCallContext context, string method)
    {
        var build = await builds.GetBuildAsync((long)id, context.CancellationToken)
            ?? throw new NotFoundException($"build {id} does not exist (see mason builds)");
        var caller = context.GetCaller();
        return caller.Covers(build.App.Environment)
            ? build
            : throw new PermissionDeniedException($"{caller.Describe()} may not call {method} in environment \"{build.App.Environment}\"");
    }
}
