using System.Security.Cryptography;
using System.Threading.Channels;
using System.Text.Json;
using Codemason.Edge.Hosting;
using Codemason.Edge.Routing;

namespace Codemason.Edge.Configuration;

/// <summary>
/// Serves <c>edge.json</c> from the config directory: at start (before the listeners open) and on every change,
/// noticed by a <see cref="FileSystemWatcher"/> and by a poll every <see cref="PollInterval"/> (bind-mounted
/// directories may not deliver inotify events). A file whose contents did not change is not applied again. After
/// each attempt it writes <c>applied.json</c>; a rejected file keeps the last good configuration and is logged once.
/// </summary>
internal sealed partial class EdgeConfigWatcher(
    EdgeOptions options, EdgeState state, TimeProvider time, ILogger<EdgeConfigWatcher> logger) : BackgroundService
{
    public const string ConfigFileName = "edge.json";
    public const string AppliedFileName = "applied.json";

    /// <summary>The fallback poll period: 1 s.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // One pending signal at most; a wait that the poll ends is cancelled, so no abandoned wait takes a later signal.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private (DateTime WrittenAt, long Length) _seen;
    private byte[]? _lastHash;

    private string ConfigPath => Path.Combine(options.ConfigDirectory, ConfigFileName);

    private string AppliedPath => Path.Combine(options.ConfigDirectory, AppliedFileName);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Check();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = new FileSystemWatcher(options.ConfigDirectory, ConfigFileName)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => Signal();
        watcher.Created += (_, _) => Signal();
        watcher.Renamed += (_, _) => Signal();
        watcher.EnableRaisingEvents = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_changed.Reader.WaitToReadAsync(round.Token).AsTask(), Task.Delay(PollInterval, time, round.Token)).ConfigureAwait(false);
                await round.CancelAsync().ConfigureAwait(false);
                stoppingToken.ThrowIfCancellationRequested();
                _changed.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            Check();
        }
    }

    private void Signal() => _changed.Writer.TryWrite(true);

    /// <summary>One look at the file; never throws for a missing, unreadable or invalid file.</summary>
    internal void Check()
    {
        byte[] contents;
        try
        {
            var info = new FileInfo(ConfigPath);
            if (!info.Exists)
            {
                return;
            }

            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (stamp == _seen && _lastHash is not null)
            {
                return;
            }

            contents = File.ReadAllBytes(ConfigPath);
            _seen = stamp;
        }
        catch (IOException e)
        {
            LogUnreadable(logger, ConfigPath, e.Message);
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            LogUnreadable(logger, ConfigPath, e.Message);
            return;
        }

        var hash = SHA256.HashData(contents);
        if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash))
        {
            return;
        }

        _lastHash = hash;
        var snapshot = EdgeConfigLoader.Load(contents, out var error);
        if (snapshot is null)
        {
            LogRejected(logger, state.Current.Version ?? "(none)", error!);
            Report(error);
            return;
        }

        state.Apply(snapshot);
        LogApplied(logger, snapshot.Version!, snapshot.Config.Routes.Count, snapshot.Config.Certificates.Count);
        Report(null);
    }

    private void Report(string? error)
    {
        var report = new AppliedReport(state.Current.Version, state.AppliedAt, error);
        try
        {
            AtomicFile.Write(AppliedPath, JsonSerializer.SerializeToUtf8Bytes(report, EdgeJsonContext.Default.AppliedReport));
        }
        catch (IOException e)
        {
            LogReportFailed(logger, AppliedPath, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            LogReportFailed(logger, AppliedPath, e.Message);
        }
    }
}
