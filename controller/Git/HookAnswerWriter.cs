using System.Text;

namespace Codemason.Controller.Git;

/// <summary>
/// What a receiver writes, on its way to the hook's stdout and from there to the pusher's terminal. Thread-safe.
/// A line that starts with '@' gets a space in front, so no line of the receiver can pass for the hook's control
/// line. Once the hook is gone (the pusher went away and git with it) writes are dropped without error.
/// </summary>
internal sealed class HookAnswerWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private bool _atLineStart = true;
    private bool _gone;
    private bool _finished;

    /// <summary>A writer into the answer FIFO; lines end with '\n', which is what the hook reads, whatever the platform.</summary>
    public HookAnswerWriter(Stream fifo)
    {
        _writer = new StreamWriter(fifo, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        CoreNewLine = ['\n'];
    }

    public override Encoding Encoding => _writer.Encoding;

    public override void Write(char value) => Write([value], 0, 1);

    public override void Write(string? value)
    {
        if (value is not null)
        {
            Write(value.ToCharArray(), 0, value.Length);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_gate)
        {
            if (_gone || _finished)
            {
                return;
            }
            Try(() =>
            {
                foreach (var c in buffer.AsSpan(index, count))
                {
                    if (_atLineStart && c == '@')
                    {
                        _writer.Write(' ');
                    }
                    _writer.Write(c);
                    _atLineStart = c == '\n';
                }
                _writer.Flush();
            });
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    public override void WriteLine() => Write('\n');

    public override void Flush()
    {
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync() => Task.CompletedTask;

    /// <summary>Writes the verdict's message and the control line with the hook's exit status, and closes the FIFO.</summary>
    public void Finish(PushVerdict verdict)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }
            if (!_gone)
            {
                Try(() =>
                {
                    if (!_atLineStart)
                    {
                        _writer.Write('\n');
                    }
                    if (!string.IsNullOrEmpty(verdict.Message))
                    {
                        foreach (var line in verdict.Message.Split('\n'))
                        {
                            _writer.Write(line.StartsWith('@') ? " " + line + "\n" : line + "\n");
                        }
                    }
                    _writer.Write($"{PushHook.ExitPrefix}{(verdict.Accepted ? 0 : 1)}\n");
                    _writer.Flush();
                });
            }
            _finished = true;
            try
            {
                _writer.Dispose();
            }
            catch (IOException)
            {
                // The hook is gone; its push fails without the control line anyway.
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Finish(PushVerdict.Refuse("codemason: the push was not handled"));
        }
        base.Dispose(disposing);
    }

    private void Try(Action write)
    {
        try
        {
            write();
        }
        catch (IOException)
        {
            // EPIPE: nobody reads the FIFO any more.
            _gone = true;
        }
    }
}
