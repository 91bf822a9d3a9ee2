using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Codemason.Controller.Registry;

/// <summary>
/// The registry HTTP API calls pruning needs (distribution 2.8, <c>/v2/</c>), each with a token from the
/// <see cref="IRegistryTokenIssuer"/> for the controller's own subject. The <see cref="HttpClient"/> must trust the
/// registry's certificate (the controller's CA). Blobs are not freed by deleting manifests: that is the registry's
/// offline <c>registry garbage-collect</c> (docs/registry.md).
/// </summary>
public sealed class RegistryClient(HttpClient http, Uri registry, IRegistryTokenIssuer issuer)
{
    /// <summary>The subject of the controller's own tokens.</summary>
    public const string Subject = "codemason-controller";

    /// <summary>The manifest types asked for: Docker schema 2 and OCI manifests and their lists.</summary>
    public static readonly IReadOnlyList<string> ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    private static readonly RegistryCaller Caller = RegistryCaller.Controller(Subject);

    /// <summary>The tags of <paramref name="repository"/>; empty when the repository does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, repository, $"tags/list", RegistryAccess.Pull);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        await EnsureSuccessAsync(response, request, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var list = await JsonSerializer.DeserializeAsync(body, RegistryJsonContext.Default.RegistryTagList, cancellationToken);
        return list?.Tags ?? [];
    }

    /// <summary>The digest of the manifest <paramref name="reference"/> (a tag) points to (HEAD, <c>Docker-Content-Digest</c>); null when there is none.</summary>
    public async Task<string?> GetManifestDigestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Head, repository, $"manifests/{Uri.EscapeDataString(reference)}", RegistryAccess.Pull);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, request, cancellationToken);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    /// <summary>Deletes the manifest <paramref name="digest"/> and so every tag pointing to it; false when it was already gone.</summary>
    public async Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, repository, $"manifests/{digest}", RegistryAccess.Delete);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, request, cancellationToken);
        return true;
    }

    /// <summary>
    /// Prunes <paramref name="repository"/> by <see cref="RegistryPrunePlan.Plan"/>: <paramref name="pushedAt"/> tells
    /// when each tag was pushed (the registry's API does not; the controller's builds do). A tag it does not know counts
    /// as oldest. Returns the plan it carried out.
    /// </summary>
    public async Task<RegistryPrunePlan> PruneAsync(string repository, IReadOnlyDictionary<string, DateTimeOffset> pushedAt,
        IReadOnlySet<string> inUse, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pushedAt);
        var tags = new List<RegistryTag>();
        foreach (var tag in await ListTagsAsync(repository, cancellationToken))
        {
            if (await GetManifestDigestAsync(repository, tag, cancellationToken) is { } digest)
            {
                tags.Add(new RegistryTag(tag, digest, pushedAt.TryGetValue(tag, out var at) ? at : DateTimeOffset.MinValue));
            }
        }
        var plan = RegistryPrunePlan.Plan(tags, inUse, keep);
        foreach (var digest in plan.Digests)
        {
            await DeleteManifestAsync(repository, digest, cancellationToken);
        }
        return plan;
    }

    private HttpRequestMessage Request(HttpMethod method, string repository, string path, string action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        var access = RegistryAccessPolicy.Grant(Caller, [new RegistryAccess(RegistryAccess.Repository, repository, [action])]);
        var token = issuer.Issue(Subject, access);
        var request = new HttpRequestMessage(method, new Uri(registry, $"/v2/{repository}/{path}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = request.Method == HttpMethod.Head ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException(
            $"registry {request.Method} {request.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}",
            null, response.StatusCode);
    }
}
