using System.Globalization;
using System.Text;

namespace Codemason.Docker.Transport;

/// <summary>Builds <c>path?key=value&amp;...</c> with every value escaped; skips absent values.</summary>
internal struct QueryBuilder
{
    private readonly StringBuilder _builder;
    private bool _hasQuery;

    public QueryBuilder(string path)
    {
        _builder = new StringBuilder(path, path.Length + 64);
        _hasQuery = false;
    }

    public QueryBuilder Add(string key, string? value)
    {
        if (value is null)
        {
            return this;
        }
        _builder.Append(_hasQuery ? '&' : '?').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public QueryBuilder Add(string key, bool? value) =>
        value is { } b ? Add(key, b ? "true" : "false") : this;

    /// <summary>Adds <c>key=true</c> only when <paramref name="value"/> is true (the engine's default is false).</summary>
    public QueryBuilder AddIfTrue(string key, bool value) => value ? Add(key, "true") : this;

    public QueryBuilder Add(string key, long? value) =>
        value is { } n ? Add(key, n.ToString(CultureInfo.InvariantCulture)) : this;

    /// <summary>Adds <c>filters</c> when there is at least one filter.</summary>
    public QueryBuilder Add(DockerFilters? filters) =>
        filters is { IsEmpty: false } ? Add("filters", filters.ToJson()) : this;

    public override readonly string ToString() => _builder.ToString();
}
