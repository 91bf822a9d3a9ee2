using System.Runtime.CompilerServices;
using System.Text.Json;
using Codemason.Docker.Errors;
using Codemason.Docker.Serialization;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Images;

internal sealed class ImageOperations(DockerTransport transport) : IImageOperations
{
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default) =>
        await transport.GetAsync(new QueryBuilder("/images/json").Add(filters).ToString(), DockerJsonContext.Default.ListImageSummary, cancellationToken);

    public async Task<ImageDetails> InspectAsync(string image, CancellationToken cancellationToken = default) =>
        await transport.GetAsync($"/images/{DockerPath.ImageReference(image)}/json", DockerJsonContext.Default.ImageDetails, cancellationToken);

    public async Task<IReadOnlyList<ImageHistoryItem>> HistoryAsync(string image, CancellationToken cancellationToken = default) =>
        await transport.GetAsync($"/images/{DockerPath.ImageReference(image)}/history", DockerJsonContext.Default.ListImageHistoryItem, cancellationToken);

    public async IAsyncEnumerable<PullProgress> PullStreamAsync(ImagePullRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Image);
        var (fromImage, tag) = request.Split();
        var path = new QueryBuilder("/images/create")
            .Add("fromImage", fromImage)
            .Add("tag", tag)
            .Add("platform", request.Platform)
            .ToString();
        KeyValuePair<string, string>? auth = request.Auth is { } credentials
            ? new(RegistryAuth.HeaderName, credentials.ToHeaderValue())
            : null;
        using var response = await transport.OpenStreamAsync(HttpMethod.Post, path, null, DockerErrorContext.ImagePull, cancellationToken, auth);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var progress in JsonLines.ReadAsync(stream, DockerJsonContext.Default.PullProgress, cancellationToken))
        {
            if (progress.Error is { } error)
            {
                throw DockerErrorMapper.FromStreamError(error, DockerErrorContext.ImagePull);
            }
            yield return progress;
        }
    }

    public async Task PullAsync(ImagePullRequest request, IProgress<PullProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var message in PullStreamAsync(request, cancellationToken))
        {
            progress?.Report(message);
        }
    }

    public async IAsyncEnumerable<ImageMessage> BuildStreamAsync(
        ImageBuildRequest request, Stream context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        using var body = new StreamedContent(context, "application/x-tar");
        using var response = await transport.OpenContentStreamAsync(HttpMethod.Post, BuildPath(request), body, DockerErrorContext.General, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var message in JsonLines.ReadAsync(stream, DockerJsonContext.Default.ImageMessage, cancellationToken))
        {
            yield return message;
        }
    }

    public async Task<ImageBuildResult> BuildAsync(
        ImageBuildRequest request, Stream context, Func<string, CancellationToken, ValueTask>? output = null, CancellationToken cancellationToken = default)
    {
        var reader = new ImageOutputReader();
        await foreach (var message in BuildStreamAsync(request, context, cancellationToken))
        {
            await WriteAsync(output, reader.Read(message), cancellationToken);
        }
        await WriteAsync(output, reader.Flush(), cancellationToken);
        return reader.BuildResult();
    }

    public async Task<ImagePushResult> PushAsync(
        string reference, RegistryAuth? auth, Func<string, CancellationToken, ValueTask>? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var (repository, tag) = ImageReference.Split(reference);
        var path = new QueryBuilder($"/images/{DockerPath.ImageReference(repository)}/push").Add("tag", tag).ToString();
        // The engine refuses a push without the header ("missing X-Registry-Auth"); anonymous is an empty object.
        var header = new KeyValuePair<string, string>(RegistryAuth.HeaderName, (auth ?? new RegistryAuth()).ToHeaderValue());
        using var response = await transport.OpenStreamAsync(HttpMethod.Post, path, null, DockerErrorContext.ImagePush, cancellationToken, header);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var reader = new ImageOutputReader();
        await foreach (var message in JsonLines.ReadAsync(stream, DockerJsonContext.Default.ImageMessage, cancellationToken))
        {
            await WriteAsync(output, reader.Read(message), cancellationToken);
            if (reader.Error is { } error)
            {
                throw DockerErrorMapper.FromStreamError(error, DockerErrorContext.ImagePush);
            }
        }
        return reader.Digest is { } digest
            ? new ImagePushResult(reference, digest)
            : throw new DockerException(null, $"the push of {reference} ended without a digest");
    }

    public async Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string image, bool force = false, CancellationToken cancellationToken = default)
    {
        var path = new QueryBuilder($"/images/{DockerPath.ImageReference(image)}").AddIfTrue("force", force).ToString();
        return await transport.SendAsync(HttpMethod.Delete, path, null, DockerJsonContext.Default.ListImageDeleteItem, cancellationToken);
    }

    internal static string BuildPath(ImageBuildRequest request)
    {
        var query = new QueryBuilder("/build");
        foreach (var tag in request.Tags)
        {
            query = query.Add("t", tag);
        }
        query = query
            .Add("dockerfile", request.Dockerfile)
            .Add("rm", "1")
            .Add("forcerm", "1")
            .Add("pull", "0")
            .Add("version", "1")
            .Add("memory", request.MemoryBytes)
            // No swap beyond the memory limit: a build that outgrows it fails instead of thrashing the node.
            .Add("memswap", request.MemoryBytes)
            .Add("cpushares", request.CpuShares)
            .Add("cpusetcpus", request.CpuSetCpus)
            .Add("cpuperiod", request.CpuPeriod)
            .Add("cpuquota", request.CpuQuota);
        if (request.NoCache)
        {
            query = query.Add("nocache", "1");
        }
        if (request.BuildArgs is { Count: > 0 } args)
        {
            query = query.Add("buildargs", Serialize(args));
        }
        if (request.Labels is { Count: > 0 } labels)
        {
            query = query.Add("labels", Serialize(labels));
        }
        return query.ToString();
    }

    public async Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var path = new QueryBuilder($"/images/{DockerPath.ImageReference(image)}/tag").Add("repo", repository).Add("tag", tag).ToString();
        await transport.SendAsync(HttpMethod.Post, path, null, cancellationToken);
    }

    private static string Serialize(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), DockerJsonContext.Default.DictionaryStringString);

    private static async ValueTask WriteAsync(Func<string, CancellationToken, ValueTask>? output, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            return;
        }
        foreach (var line in lines)
        {
            await output(line, cancellationToken);
        }
    }
}
