using System.Globalization;
using System.Text;

namespace Codemason.Telemetry.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format (version 0.0.4). Pure: the
/// same families give the same text.
/// </summary>
public static class PrometheusText
{
    /// <summary>Content type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders <paramref name="families"/>.</summary>
    public static string Write(IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder();
        foreach (var family in families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Kind)).Append('\n');
            foreach (var point in family.Points)
            {
                if (family.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(text, family, point);
                }
                else
                {
                    WriteSample(text, family.Name, point.Labels, null, point.Value);
                }
            }
        }
        return text.ToString();
    }

    /// <summary>Turns an instrument name and unit into a Prometheus metric name (<c>a.b-c</c> + <c>s</c> → <c>a_b_c_seconds</c>).</summary>
    public static string MetricName(string instrument, string? unit, MetricKind kind)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }
        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    /// <summary>Replaces every character Prometheus does not allow in names with <c>_</c>.</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var allowed = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
            chars[i] = allowed ? c : '_';
        }
        return new string(chars);
    }

    private static void WriteHistogram(StringBuilder text, MetricFamily family, MetricPoint point)
    {
        long cumulative = 0;
        for (var i = 0; i < family.Bounds.Count; i++)
        {
            cumulative += point.BucketCounts is { } counts && i < counts.Count ? counts[i] : 0;
            WriteSample(text, family.Name + "_bucket", point.Labels, ("le", Number(family.Bounds[i])), cumulative);
        }
        WriteSample(text, family.Name + "_bucket", point.Labels, ("le", "+Inf"), point.Count);
        WriteSample(text, family.Name + "_sum", point.Labels, null, point.Value);
        WriteSample(text, family.Name + "_count", point.Labels, null, point.Count);
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, (string Name, string Value)? extra, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || extra is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                AppendLabel(text, ref first, Sanitize(key), labelValue);
            }
            if (extra is { } e)
            {
                AppendLabel(text, ref first, e.Name, e.Value);
            }
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static void AppendLabel(StringBuilder text, ref bool first, string name, string value)
    {
        if (!first)
        {
            text.Append(',');
        }
        first = false;
        text.Append(name).Append("=\"").Append(EscapeLabel(value)).Append('"');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Gauge => "gauge",
        _ => "histogram",
    };

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
