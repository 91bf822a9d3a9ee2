using Codemason.Controller.Git;
using Codemason.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Catalog;

/// <summary>
/// The catalog the controller offers now (<see cref="Current"/>): built-in items at once, then the configured
/// sources, read again by <see cref="RefreshAsync"/>. A source that cannot be read adds a problem and keeps what a
/// git copy held before; it never empties the catalog.
/// </summary>
public sealed partial class CatalogProvider : ICatalog, IDisposable
{
    private readonly CatalogOptions _options;
    private readonly IReadOnlyList<CatalogSource> _sources;
    private readonly GitCatalogMirror _mirror;
    private readonly ILogger<CatalogProvider> _logger;
    private readonly (IReadOnlyList<CatalogItem> Items, IReadOnlyList<string> Problems) _builtIn;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile CatalogSet _current;

    public CatalogProvider(IOptions<CatalogOptions> options, IOptions<ControllerOptions> controller, IOptions<GitOptions> git, ILogger<CatalogProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(git);
        _options = options.Value;
        _sources = _options.ParseSources();
        _mirror = new GitCatalogMirror(git.Value.GitPath, controller.Value.DataDirectory);
        _logger = logger;
        _builtIn = _options.BuiltIn ? CatalogFiles.ReadBuiltIn() : ([], []);
        // Folders and git copies already on disk are offered before the first refresh fetches anything.
        _current = Combine(_sources.Select(ReadLocal));
    }

    /// <summary>The catalog as last read.</summary>
    public CatalogSet Current => _current;

    /// <summary>Reads every source again (git repositories fetched first); one refresh at a time.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var read = new List<(IReadOnlyList<CatalogItem>, IReadOnlyList<string>)>();
            foreach (var source in _sources)
            {
                read.Add(await ReadAsync(source, cancellationToken));
            }
            var next = Combine(read);
            foreach (var problem in next.Problems.Except(_current.Problems))
            {
                LogProblem(_logger, problem);
            }
            _current = next;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<(IReadOnlyList<CatalogItem>, IReadOnlyList<string>)> ReadAsync(CatalogSource source, CancellationToken cancellationToken)
    {
        if (!source.IsGit)
        {
            return ReadLocal(source);
        }
        try
        {
            return CatalogFiles.ReadFolder(await _mirror.UpdateAsync(source.Location, cancellationToken), source.Location);
        }
        catch (Exception e) when (e is GitCommandException or IOException or UnauthorizedAccessException)
        {
            var (items, problems) = ReadLocal(source);
            return (items, [$"{source}: cannot be fetched ({e.Message}){(items.Count > 0 ? "; its last copy is offered" : string.Empty)}", .. problems]);
        }
    }

    /// <summary>A folder, or what the git copy on disk holds (nothing before the first fetch).</summary>
    private (IReadOnlyList<CatalogItem>, IReadOnlyList<string>) ReadLocal(CatalogSource source)
    {
        if (!source.IsGit)
        {
            return CatalogFiles.ReadFolder(source.Location, source.Location);
        }
        var folder = _mirror.FolderOf(source.Location);
        return Directory.Exists(folder) ? CatalogFiles.ReadFolder(folder, source.Location) : ([], []);
    }

    private CatalogSet Combine(IEnumerable<(IReadOnlyList<CatalogItem> Items, IReadOnlyList<string> Problems)> sources)
    {
        var all = sources.Prepend(_builtIn).ToList();
        return new CatalogSet(all.SelectMany(s => s.Items), [.. all.SelectMany(s => s.Problems)]);
    }

    public void Dispose() => _refreshing.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "catalog: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
