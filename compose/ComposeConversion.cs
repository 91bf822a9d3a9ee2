using Codemason.Compose.Yaml;
using Codemason.Mortar;

namespace Codemason.Compose;

/// <summary>
/// What converting a compose file gave: the mason.json (null when there are errors) and every diagnostic, warnings
/// and errors, in file order.
/// </summary>
public sealed class ComposeConversion
{
    private readonly IReadOnlyDictionary<string, Position> _sourceMap;

    internal ComposeConversion(string file, string? masonJson, IReadOnlyList<ComposeDiagnostic> diagnostics, IReadOnlyDictionary<string, Position> sourceMap)
    {
        File = file;
        MasonJson = masonJson;
        Diagnostics = diagnostics;
        _sourceMap = sourceMap;
    }

    /// <summary>The compose file as the user named it.</summary>
    public string File { get; }

    /// <summary>The mason.json text (indented, ending with a newline); null when <see cref="Errors"/> is not empty.</summary>
    public string? MasonJson { get; }

    /// <summary>Every warning and error, in file order.</summary>
    public IReadOnlyList<ComposeDiagnostic> Diagnostics { get; }

    public IEnumerable<ComposeDiagnostic> Errors => Diagnostics.Where(d => d.Severity == ComposeSeverity.Error);

    public IEnumerable<ComposeDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == ComposeSeverity.Warning);

    public bool IsSuccess => MasonJson is not null;

    /// <summary>
    /// A Mortar error about the produced mason.json (from the controller, at deploy) placed at the compose line its
    /// path was written from: the nearest enclosing path that has one.
    /// </summary>
    public ComposeDiagnostic Locate(MasonError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var path = error.Path;
        Position position;
        while (!_sourceMap.TryGetValue(path, out position) && path.Length > 0)
        {
            path = Parent(path);
        }
        var message = error.Path.Length > 0 ? $"{error.Message} (mason.json {error.Path})" : error.Message;
        return new ComposeDiagnostic(ComposeSeverity.Error, File, position.Line, position.Column, string.Empty, message);
    }

    private static string Parent(string path)
    {
        if (path.EndsWith("\"]", StringComparison.Ordinal))
        {
            return path[..path.LastIndexOf("[\"", StringComparison.Ordinal)];
        }
        if (path.EndsWith(']'))
        {
            return path[..path.LastIndexOf('[')];
        }
        var dot = path.LastIndexOf('.');
        return dot < 0 ? string.Empty : path[..dot];
    }
}
