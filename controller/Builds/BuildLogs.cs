using System.Collections.Concurrent;
using Codemason.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Builds;

/// <summary>Build output: the logs of running builds, followed live, and the files of every build in <c>&lt;data&gt;/builds</c>.</summary>
public sealed class BuildLogs(IOptions<ControllerOptions> options)
{
    /// <summary>Folder of the data directory holding one <c>&lt;id&gt;.log</c> per build.</summary>
    public const string DirectoryName = "builds";

    private readonly ConcurrentDictionary<long, BuildLog> _running = new();

    private string Directory => Path.Combine(options.Value.DataDirectory, DirectoryName);

    /// <summary>Starts the log of a build; dispose it when the build ends.</summary>
    public BuildLog Open(long buildId, IEnumerable<string> secrets)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var log = new BuildLog(buildId, Path.Combine(Directory, FileName(buildId)), secrets, () => _running.TryRemove(buildId, out _));
        _running[buildId] = log;
        return log;
    }

    /// <summary>The build's lines: live while it runs (then <paramref name="follow"/> waits for more), else from its file.</summary>
    public async IAsyncEnumerable<string> ReadAsync(long buildId, bool follow,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (follow && _running.TryGetValue(buildId, out var running))
        {
            await foreach (var line in running.FollowAsync(cancellationToken))
            {
                yield return line;
            }
            yield break;
        }
        var path = Path.Combine(Directory, FileName(buildId));
        if (!File.Exists(path))
        {
            yield break;
        }
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }

    private static string FileName(long buildId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{buildId}.log");
}
