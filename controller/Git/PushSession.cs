using System.Text;

namespace Codemason.Controller.Git;

/// <summary>
/// One push's line to its pre-receive hook: a private temporary folder (mode 0700) with two FIFOs whose paths go to
/// the CGI environment (<see cref="PushHook"/>). The controller opens its ends read-write first — on Linux that never
/// blocks — so neither side's open waits for the other, and a hook that never comes (git stopped before its hooks)
/// cannot hang the request: <see cref="Abandon"/> closes the spare writer and the read ends. Disposing removes the
/// folder, whatever happened.
/// </summary>
internal sealed class PushSession : IDisposable
{
    private const string PushFifoName = "push";
    private const string AnswerFifoName = "answer";

    private readonly string _folder;
    private readonly List<FileStream> _streams = [];
    private readonly FileStream _pushSpareWriter;
    private readonly FileStream _pushReader;
    private readonly FileStream _answerSpareReader;
    private readonly FileStream _answerWriter;

    private PushSession(string folder)
    {
        _folder = folder;
        PushFifo = Path.Combine(folder, PushFifoName);
        AnswerFifo = Path.Combine(folder, AnswerFifoName);
        try
        {
            // Order matters: each open finds the other end already open, so none of them blocks.
            _pushSpareWriter = Open(PushFifo, FileAccess.ReadWrite);
            _pushReader = Open(PushFifo, FileAccess.Read);
            _answerSpareReader = Open(AnswerFifo, FileAccess.ReadWrite);
            _answerWriter = Open(AnswerFifo, FileAccess.Write);
        }
        catch (Exception)
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The FIFO the hook writes the push to.</summary>
    public string PushFifo { get; }

    /// <summary>The FIFO the hook reads the answer from.</summary>
    public string AnswerFifo { get; }

    /// <summary>The variables that tell the hook where the FIFOs are.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment =>
    [
        new(PushHook.PushFifoVariable, PushFifo),
        new(PushHook.AnswerFifoVariable, AnswerFifo),
    ];

    /// <summary>Makes the folder and the FIFOs (with the <c>mkfifo</c> program) and opens the controller's ends.</summary>
    public static async Task<PushSession> CreateAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("codemason-push-").FullName;
        try
        {
            var (exitCode, _, error) = await GitProcess.RunAsync("mkfifo",
                ["-m", "600", "--", Path.Combine(folder, PushFifoName), Path.Combine(folder, AnswerFifoName)], [], cancellationToken);
            if (exitCode != 0)
            {
                throw new GitCommandException($"mkfifo exited with {exitCode}: {error}");
            }
            return new PushSession(folder);
        }
        catch (Exception) when (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Waits for the hook and reads what it hands over; null when it never came (after <see cref="Abandon"/>), stopped
    /// halfway or wrote something else.
    /// </summary>
    public async Task<HookPush?> ReadPushAsync()
    {
        using var reader = new StreamReader(_pushReader, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == PushHook.EndLine)
            {
                // The hook holds the answer FIFO open for reading now: the spare reader may go, so that writes to a
                // hook that died fail instead of filling a pipe nobody reads.
                _answerSpareReader.Dispose();
                return HookPush.Parse(lines);
            }
            lines.Add(line);
        }
        return null;
    }

    /// <summary>Lets <see cref="ReadPushAsync"/> end when no hook is writing: call once git has exited.</summary>
    public void Abandon() => _pushSpareWriter.Dispose();

    /// <summary>The writer of the answer, for the receiver (call once, after <see cref="ReadPushAsync"/> returned a push).</summary>
    public HookAnswerWriter OpenAnswer() => new(_answerWriter);

    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            try
            {
                stream.Dispose();
            }
            catch (IOException)
            {
                // A write end whose reader is gone: nothing more to say to it.
            }
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    private FileStream Open(string path, FileAccess access)
    {
        var stream = new FileStream(path, FileMode.Open, access, FileShare.ReadWrite, bufferSize: 0);
        _streams.Add(stream);
        return stream;
    }
}
