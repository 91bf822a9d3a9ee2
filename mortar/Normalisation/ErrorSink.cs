using System.Globalization;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>Collects errors: one per JSON path (the first, most specific, wins), at most <c>MaxErrors</c>, returned in file order.</summary>
internal sealed class ErrorSink(int maxErrors)
{
    private readonly List<MasonError> _errors = [];
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private int _dropped;

    public int Count => _errors.Count;

    public void Add(MasonPath path, SourcePosition position, string message, MasonErrorKind kind = MasonErrorKind.Semantic) =>
        Add(new MasonError(path.ToString(), position, message, kind));

    public void Add(MasonError error)
    {
        if (!_paths.Add(error.Path))
        {
            return;
        }
        if (_errors.Count >= maxErrors)
        {
            _dropped++;
            return;
        }
        _errors.Add(error);
    }

    public void AddRange(IEnumerable<MasonError> errors)
    {
        foreach (var error in errors)
        {
            Add(error);
        }
    }

    public IReadOnlyList<MasonError> ToList()
    {
        var sorted = _errors.OrderBy(e => e.Position.Line).ThenBy(e => e.Position.Column).ToList();
        if (_dropped > 0)
        {
            sorted.Add(new MasonError(string.Empty, SourcePosition.Start,
                string.Create(CultureInfo.InvariantCulture, $"{_dropped} more errors not shown (limit {maxErrors})"), MasonErrorKind.Limit));
        }
        return sorted;
    }
}
