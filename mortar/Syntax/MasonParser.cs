using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Codemason.Mortar.Syntax;

/// <summary>
/// Lenient JSON parser for mason.json: standard JSON plus <c>//</c> and <c>/* */</c> comments and trailing
/// commas, as the reference writes it. Every node keeps its line and column. It never throws for bad input:
/// syntax, encoding and limit problems come back as <see cref="MasonError"/>s.
/// </summary>
public static class MasonParser
{
    /// <summary>Parses mason.json text.</summary>
    public static MasonParseResult Parse(string text, MortarLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= MortarLimits.Default;
        // A char is at least one UTF-8 byte, so only long strings need the exact count.
        if (text.Length > limits.MaxFileBytes / 3 && Encoding.UTF8.GetByteCount(text) > limits.MaxFileBytes)
        {
            return TooLarge(limits);
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        return new Reader(text, limits).ReadDocument();
    }

    /// <summary>Parses mason.json bytes, which must be UTF-8 (a UTF-8 byte order mark is allowed).</summary>
    public static MasonParseResult Parse(ReadOnlySpan<byte> utf8, MortarLimits? limits = null)
    {
        limits ??= MortarLimits.Default;
        if (utf8.Length > limits.MaxFileBytes)
        {
            return TooLarge(limits);
        }
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }
        else if (utf8.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || utf8.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Failed(new MasonError(string.Empty, SourcePosition.Start,
                "the file is UTF-16 encoded; save it as UTF-8", MasonErrorKind.Encoding));
        }
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(utf8, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                return Failed(InvalidUtf8(utf8, bytesRead));
            }
            return new Reader(new string(chars, 0, charsWritten), limits).ReadDocument();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Reads a whole stream (at most <see cref="MortarLimits.MaxFileBytes"/> bytes) and parses it as UTF-8.</summary>
    public static async Task<MasonParseResult> ParseAsync(Stream stream, MortarLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= MortarLimits.Default;
        var buffer = new byte[Math.Min(limits.MaxFileBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > limits.MaxFileBytes)
                {
                    return TooLarge(limits);
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limits.MaxFileBytes + 1L));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }
            length += read;
        }
        return Parse(buffer.AsSpan(0, length), limits);
    }

    private static MasonParseResult TooLarge(MortarLimits limits) =>
        Failed(new MasonError(string.Empty, SourcePosition.Start,
            string.Create(CultureInfo.InvariantCulture, $"the file is larger than the limit of {limits.MaxFileBytes} bytes"),
            MasonErrorKind.Limit));

    private static MasonParseResult Failed(MasonError error) => new(null, [error]);

    private static MasonError InvalidUtf8(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..offset];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new MasonError(string.Empty, new SourcePosition(line, column),
            string.Create(CultureInfo.InvariantCulture, $"byte 0x{utf8[offset]:X2} at offset {offset} is not valid UTF-8; save the file as UTF-8"),
            MasonErrorKind.Encoding);
    }

    /// <summary>Thrown inside the reader only, to unwind on the first fatal syntax error; never escapes <see cref="MasonParser"/>.</summary>
    private sealed class SyntaxFailure(MasonError error) : Exception(error.Message)
    {
        public MasonError Error { get; } = error;
    }

    private sealed class Reader(string text, MortarLimits limits)
    {
        private readonly string _text = text;
        private readonly MortarLimits _limits = limits;
        private readonly List<MasonError> _errors = [];
        private readonly StringBuilder _buffer = new();
        private int _pos;
        private int _line = 1;
        private int _lineStart;
        private int _depth;

        public MasonParseResult ReadDocument()
        {
            try
            {
                SkipTrivia();
                if (_pos >= _text.Length)
                {
                    throw Fail(MasonPath.Root, "the file is empty; a mason.json is a JSON object such as { \"name\": \"web\", \"masonVersion\": \"v1\" }");
                }
                var root = ReadValue(MasonPath.Root);
                SkipTrivia();
                if (_pos < _text.Length)
                {
                    throw Fail(MasonPath.Root, $"unexpected {Describe(_pos)} after the end of the document");
                }
                return new MasonParseResult(new MasonDocument(_text, root), _errors);
            }
            catch (SyntaxFailure failure)
            {
                _errors.Add(failure.Error);
                return new MasonParseResult(null, _errors);
            }
        }

        private SourcePosition Here => new(_line, _pos - _lineStart + 1);

        private SyntaxFailure Fail(MasonPath path, string message, MasonErrorKind kind = MasonErrorKind.Syntax) =>
            FailAt(path, Here, message, kind);

        private static SyntaxFailure FailAt(MasonPath path, SourcePosition position, string message, MasonErrorKind kind = MasonErrorKind.Syntax) =>
            new(new MasonError(path.ToString(), position, message, kind));

        private string Describe(int at)
        {
            if (at >= _text.Length)
            {
                return "end of file";
            }
            var c = _text[at];
            return char.IsControl(c) || char.IsWhiteSpace(c)
                ? string.Create(CultureInfo.InvariantCulture, $"character U+{(int)c:X4}")
                : $"'{c}'";
        }

        private void SkipTrivia()
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                switch (c)
                {
                    case '\n':
                        _pos++;
                        _line++;
                        _lineStart = _pos;
                        break;
                    case ' ' or '\t' or '\r':
                        _pos++;
                        break;
                    case '/' when _pos + 1 < _text.Length && _text[_pos + 1] == '/':
                        while (_pos < _text.Length && _text[_pos] != '\n')
                        {
                            _pos++;
                        }
                        break;
                    case '/' when _pos + 1 < _text.Length && _text[_pos + 1] == '*':
                        var start = Here;
                        _pos += 2;
                        while (true)
                        {
                            if (_pos + 1 >= _text.Length)
                            {
                                throw FailAt(MasonPath.Root, start, "unterminated /* comment");
                            }
                            if (_text[_pos] == '*' && _text[_pos + 1] == '/')
                            {
                                _pos += 2;
                                break;
                            }
                            if (_text[_pos] == '\n')
                            {
                                _line++;
                                _lineStart = _pos + 1;
                            }
                            _pos++;
                        }
                        break;
                    default:
                        return;
                }
            }
        }

        private MasonNode ReadValue(MasonPath path)
        {
            if (_pos >= _text.Length)
            {
                throw Fail(path, "unexpected end of file; the JSON is incomplete");
            }
            var position = Here;
            switch (_text[_pos])
            {
                case '{':
                    return ReadObject(path, position);
                case '[':
                    return ReadArray(path, position);
                case '"':
                    return new MasonString(position, ReadString(path));
                case '-' or (>= '0' and <= '9'):
                    return ReadNumber(path, position);
                case 't' when Matches("true"):
                    _pos += 4;
                    return new MasonBoolean(position, true);
                case 'f' when Matches("false"):
                    _pos += 5;
                    return new MasonBoolean(position, false);
                case 'n' when Matches("null"):
                    _pos += 4;
                    return new MasonNull(position);
                case '\'':
                    throw Fail(path, "strings must use double quotes (\"), not single quotes");
                default:
                    throw Fail(path, $"unexpected {Describe(_pos)}; expected a value (object, array, string, number, true, false or null)");
            }
        }

        private bool Matches(string word) =>
            string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0
            && (_pos + word.Length >= _text.Length || !char.IsAsciiLetterOrDigit(_text[_pos + word.Length]));

        private void Enter(MasonPath path)
        {
            if (++_depth > _limits.MaxDepth)
            {
                throw Fail(path, string.Create(CultureInfo.InvariantCulture,
                    $"objects and arrays are nested deeper than the limit of {_limits.MaxDepth} levels"), MasonErrorKind.Limit);
            }
        }

        private MasonObject ReadObject(MasonPath path, SourcePosition position)
        {
            Enter(path);
            _pos++;
            var properties = new List<MasonProperty>();
            HashSet<string>? seen = null;
            SkipTrivia();
            if (_pos < _text.Length && _text[_pos] == '}')
            {
                _pos++;
                _depth--;
                return new MasonObject(position, properties);
            }
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Fail(path, "unexpected end of file inside an object; expected a property name or '}'");
                }
                if (_text[_pos] != '"')
                {
                    throw Fail(path, _text[_pos] == '\''
                        ? "property names must use double quotes (\"), not single quotes"
                        : $"unexpected {Describe(_pos)}; expected a property name in double quotes");
                }
                var namePosition = Here;
                var name = ReadString(path);
                var propertyPath = path.Property(name);
                SkipTrivia();
                if (_pos >= _text.Length || _text[_pos] != ':')
                {
                    throw Fail(propertyPath, $"unexpected {Describe(_pos)}; expected ':' after the property name \"{name}\"");
                }
                _pos++;
                SkipTrivia();
                var value = ReadValue(propertyPath);
                seen ??= new HashSet<string>(StringComparer.Ordinal);
                if (seen.Add(name))
                {
                    properties.Add(new MasonProperty(name, namePosition, value));
                }
                else
                {
                    _errors.Add(new MasonError(propertyPath.ToString(), namePosition,
                        $"duplicate property \"{name}\"; each property may appear once in an object", MasonErrorKind.Syntax));
                }
                SkipTrivia();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    SkipTrivia();
                    if (_pos < _text.Length && _text[_pos] == '}')
                    {
                        _pos++;
                        break;
                    }
                    continue;
                }
                if (_pos < _text.Length && _text[_pos] == '}')
                {
                    _pos++;
                    break;
                }
                throw Fail(path, _pos >= _text.Length
                    ? "unexpected end of file inside an object; expected ',' or '}'"
                    : $"unexpected {Describe(_pos)}; expected ',' or '}}' after the value of \"{name}\"");
            }
            _depth--;
            return new MasonObject(position, properties);
        }

        private MasonArray ReadArray(MasonPath path, SourcePosition position)
        {
            Enter(path);
            _pos++;
            var items = new List<MasonNode>();
            SkipTrivia();
            if (_pos < _text.Length && _text[_pos] == ']')
            {
                _pos++;
                _depth--;
                return new MasonArray(position, items);
            }
            while (true)
            {
                items.Add(ReadValue(path.Index(items.Count)));
                SkipTrivia();
                if (_pos < _text.Length && _text[_pos] == ',')
                {
                    _pos++;
                    SkipTrivia();
                    if (_pos < _text.Length && _text[_pos] == ']')
                    {
                        _pos++;
                        break;
                    }
                    continue;
                }
                if (_pos < _text.Length && _text[_pos] == ']')
                {
                    _pos++;
                    break;
                }
                throw Fail(path, _pos >= _text.Length
                    ? "unexpected end of file inside an array; expected ',' or ']'"
                    : $"unexpected {Describe(_pos)}; expected ',' or ']' after an array item");
            }
            _depth--;
            return new MasonArray(position, items);
        }

        private string ReadString(MasonPath path)
        {
            var start = Here;
            _pos++;
            var runStart = _pos;
            // Fast path: no escapes.
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '"')
                {
                    var value = _text.Substring(runStart, _pos - runStart);
                    _pos++;
                    return value;
                }
                if (c == '\\')
                {
                    break;
                }
                if (c < ' ')
                {
                    throw c == '\n'
                        ? FailAt(path, start, "unterminated string (a string cannot span lines; write \\n for a line break)")
                        : Fail(path, string.Create(CultureInfo.InvariantCulture, $"control character U+{(int)c:X4} inside a string; escape it"));
                }
                _pos++;
            }
            _buffer.Clear();
            _buffer.Append(_text, runStart, _pos - runStart);
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '"')
                {
                    _pos++;
                    return _buffer.ToString();
                }
                if (c < ' ')
                {
                    throw c == '\n'
                        ? FailAt(path, start, "unterminated string (a string cannot span lines; write \\n for a line break)")
                        : Fail(path, string.Create(CultureInfo.InvariantCulture, $"control character U+{(int)c:X4} inside a string; escape it"));
                }
                if (c != '\\')
                {
                    _buffer.Append(c);
                    _pos++;
                    continue;
                }
                if (_pos + 1 >= _text.Length)
                {
                    break;
                }
                var escape = _text[_pos + 1];
                switch (escape)
                {
                    case '"' or '\\' or '/':
                        _buffer.Append(escape);
                        break;
                    case 'b':
                        _buffer.Append('\b');
                        break;
                    case 'f':
                        _buffer.Append('\f');
                        break;
                    case 'n':
                        _buffer.Append('\n');
                        break;
                    case 'r':
                        _buffer.Append('\r');
                        break;
                    case 't':
                        _buffer.Append('\t');
                        break;
                    case 'u' when _pos + 5 < _text.Length
                        && ushort.TryParse(_text.AsSpan(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        _buffer.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw Fail(path, $"invalid escape sequence '\\{escape}' in a string");
                }
                _pos += 2;
            }
            throw FailAt(path, start, "unterminated string; expected a closing '\"'");
        }

        private MasonNumber ReadNumber(MasonPath path, SourcePosition position)
        {
            var start = _pos;
            if (_text[_pos] == '-')
            {
                _pos++;
            }
            if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
            {
                throw Fail(path, "invalid number: expected a digit after '-'");
            }
            if (_text[_pos] == '0' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
            {
                throw Fail(path, "invalid number: leading zeros are not allowed");
            }
            SkipDigits();
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
                {
                    throw Fail(path, "invalid number: expected a digit after '.'");
                }
                SkipDigits();
            }
            if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
            {
                _pos++;
                if (_pos < _text.Length && _text[_pos] is '+' or '-')
                {
                    _pos++;
                }
                if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
                {
                    throw Fail(path, "invalid number: expected a digit in the exponent");
                }
                SkipDigits();
            }
            if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
            {
                throw Fail(path, $"unexpected {Describe(_pos)} in a number; quote values such as \"8080:80\" or \"v1\"");
            }
            return new MasonNumber(position, _text.Substring(start, _pos - start));
        }

        private void SkipDigits()
        {
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }
    }
}
