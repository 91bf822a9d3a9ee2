using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Codemason.Compose.Yaml;

/// <summary>
/// YamlDotNet's parser, remembering where the last event it gave ended: some malformed input (a flow list cut off at the
/// end of the file) makes the scanner throw an exception without a position, and the error still needs one.
/// </summary>
internal sealed class TrackingParser(string text) : IParser
{
    private readonly Parser _inner = new(new StringReader(text));

    /// <summary>Where the last event ended; the file's start before any.</summary>
    public Mark LastEnd { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => _inner.Current;

    public bool MoveNext()
    {
        var moved = _inner.MoveNext();
        if (_inner.Current is { } current)
        {
            LastEnd = current.End;
        }
        return moved;
    }
}
