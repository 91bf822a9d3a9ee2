using System.Text;

namespace Codemason.Controller.Builds;

/// <summary>
/// The output of one running build: appended by the build, written to its file and followed live by the push that
/// started it and by <c>mason builds logs -f</c>. Lines are kept in memory until the build ends, up to
/// <see cref="MaxBytes"/>; beyond that the build goes on and the log says it was cut. Known secret values are masked.
/// </summary>
public sealed class BuildLog : IDisposable
{
    /// <summary>Output kept per build (file and memory); the rest is dropped with one line saying so.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private const string Mask = "****";
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly StreamWriter _file;
    private readonly IReadOnlyList<string> _secrets;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bytes;
    private bool _cut;
    private bool _completed;

    private readonly Action? _disposed;

    /// <summary>
    /// A log written to <paramref name="path"/>, masking <paramref name="secrets"/> (values of at least 4 characters);
    /// <paramref name="disposed"/> runs once it is disposed.
    /// </summary>
    public BuildLog(long buildId, string path, IEnumerable<string> secrets, Action? disposed = null)
    {
        _disposed = disposed;
        BuildId = buildId;
        _file = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        _secrets = [.. secrets.Where(s => s.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary>The build this is the output of.</summary>
    public long BuildId { get; }

    /// <summary>Appends a line (without its newline).</summary>
    public void Append(string line)
    {
        var text = MaskSecrets(line);
        lock (_gate)
        {
            if (_completed || _cut)
            {
                return;
            }
            _bytes += Encoding.UTF8.GetByteCount(text) + 1;
            if (_bytes > MaxBytes)
            {
                _cut = true;
                text = $"… output cut: a build log keeps at most {MaxBytes / (1024 * 1024)} MiB";
            }
            _lines.Add(text);
            _file.WriteLine(text);
            Signal();
        }
    }

    /// <summary>No more lines: followers end after the last one.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            _file.Flush();
            Signal();
        }
    }

    /// <summary>Every line from the first, then new ones as they come, until the log completes or <paramref name="cancellationToken"/> ends.</summary>
    public async IAsyncEnumerable<string> FollowAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0;
        while (true)
        {
            string[] batch;
            Task changed;
            bool completed;
            lock (_gate)
            {
                batch = next < _lines.Count ? [.. _lines.Skip(next)] : [];
                next += batch.Length;
                completed = _completed;
                changed = _changed.Task;
            }
            foreach (var line in batch)
            {
                yield return line;
            }
            if (completed && batch.Length == 0)
            {
                yield break;
            }
            if (batch.Length == 0)
            {
                await changed.WaitAsync(cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Complete();
        _file.Dispose();
        _disposed?.Invoke();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private string MaskSecrets(string line)
    {
        foreach (var secret in _secrets)
        {
            line = line.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return line;
    }
}
