using System.Runtime.CompilerServices;
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

    public async Task<IReadOnlyList<ImageDeleteItem>> RemoveAsync(string image, bool force = false, CancellationToken cancellationToken = default)
    {
        var path = new QueryBuilder($"/images/{DockerPath.ImageReference(image)}").AddIfTrue("force", force).ToString();
        return await transport.SendAsync(HttpMethod.Delete, path, null, DockerJsonContext.Default.ListImageDeleteItem, cancellationToken);
    }

    public async Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var path = new QueryBuilder($"/images/{DockerPath.ImageReference(image)}/tag").Add("repo", repository).Add("tag", tag).ToString();
        await transport.SendAsync(HttpMethod.Post, path, null, cancellationToken);
    }
}
