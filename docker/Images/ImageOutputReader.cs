using System.Text;

namespace Codemason.Docker.Images;

/// <summary>
/// Reads the messages of a build or a push into the lines a person reads and the outcome: the image id (build), the
/// digest (push), or the error. Build text arrives in pieces (<c>"Step 1/2 : FROM x"</c>, then <c>"\n"</c>), so a line
/// is given out once it is complete; <see cref="Flush"/> gives out the rest at the end. Byte progress ("Pushing
/// [=====>  ]") is left out: it says nothing once the call is over.
/// </summary>
public sealed partial class ImageOutputReader
{
    private const string DigestMarker = "digest: ";
    private readonly StringBuilder _pending = new();

    /// <summary>The built image's id, from the <c>aux</c> message (or "Successfully built …" from engines without it).</summary>
    public string? ImageId { get; private set; }

    /// <summary>The pushed manifest's digest, from the <c>aux</c> message or the "tag: digest: sha256:… size: N" status.</summary>
    public string? Digest { get; private set; }

    /// <summary>The error that ended the call; null while none came.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads one message; returns the lines it completed (none, one or several), without their line breaks.</summary>
    public IReadOnlyList<string> Read(ImageMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        List<string>? lines = null;
        if (message.Error is { } error)
        {
            Error = error;
        }
        if (message.Aux is { } aux)
        {
            ImageId = aux.Id ?? ImageId;
            Digest = aux.Digest ?? Digest;
        }
        if (message.Stream is { Length: > 0 } text)
        {
            _pending.Append(text);
            lines = TakeCompleteLines();
        }
        if (message.Status is { Length: > 0 } status && !IsByteProgress(message))
        {
            ReadDigest(status);
            (lines ??= []).Add(message.Id is { Length: > 0 } id ? $"{id}: {status}" : status);
        }
        return lines ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The last line when it had no line break; none otherwise.</summary>
    public IReadOnlyList<string> Flush()
    {
        var rest = Clean(_pending.ToString());
        _pending.Clear();
        if (rest.Length == 0)
        {
            return [];
        }
        ReadBuilt(rest);
        return [rest];
    }

    /// <summary>The outcome of a build, once its messages are read.</summary>
    public ImageBuildResult BuildResult() =>
        Error is not null ? new ImageBuildResult(null, Error)
        : ImageId is not null ? new ImageBuildResult(ImageId, null)
        : new ImageBuildResult(null, "the engine ended the build without naming an image");

    private List<string>? TakeCompleteLines()
    {
        List<string>? lines = null;
        var text = _pending.ToString();
        var start = 0;
        int newline;
        while ((newline = text.IndexOf('\n', start)) >= 0)
        {
            var line = Clean(text[start..newline]);
            start = newline + 1;
            ReadBuilt(line);
            (lines ??= []).Add(line);
        }
        _pending.Remove(0, start);
        return lines;
    }

    // A line that redraws itself ("\r" progress) reads as its last state. Terminal escape sequences (the classic
    // builder colours a step's stderr red) and other control characters go: the lines end up in other people's
    // terminals (git push, mason builds logs), where they must not move the cursor or change the title.
    private static string Clean(string line)
    {
        var trimmed = line.TrimEnd('\r');
        var carriage = trimmed.LastIndexOf('\r');
        var text = carriage >= 0 ? trimmed[(carriage + 1)..] : trimmed;
        return text.Contains('\u001b', StringComparison.Ordinal) || text.Any(c => char.IsControl(c) && c != '\t')
            ? ControlCharacters().Replace(EscapeSequences().Replace(text, ""), "")
            : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\u001b(\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(\u0007|\u001b\\)?|[@-Z\\-_])")]
    private static partial System.Text.RegularExpressions.Regex EscapeSequences();

    [System.Text.RegularExpressions.GeneratedRegex(@"[\u0000-\u0008\u000b-\u001f\u007f]")]
    private static partial System.Text.RegularExpressions.Regex ControlCharacters();

    private void ReadBuilt(string line)
    {
        const string Built = "Successfully built ";
        if (ImageId is null && line.StartsWith(Built, StringComparison.Ordinal))
        {
            ImageId = line[Built.Length..].Trim();
        }
    }

    private void ReadDigest(string status)
    {
        var at = status.IndexOf(DigestMarker, StringComparison.Ordinal);
        if (at < 0 || Digest is not null)
        {
            return;
        }
        var digest = status[(at + DigestMarker.Length)..];
        var space = digest.IndexOf(' ', StringComparison.Ordinal);
        Digest = space >= 0 ? digest[..space] : digest;
    }

    private static bool IsByteProgress(ImageMessage message) => message.Detail is { Total: > 0 } or { Current: > 0 };
}
