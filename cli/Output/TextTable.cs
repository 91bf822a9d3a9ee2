using System.Text;

namespace Codemason.Cli.Output;

/// <summary>
/// A borderless table like kubectl's: upper-case headings, columns separated by two spaces, no trailing
/// whitespace. Widths come from the text, so colour codes never shift the columns.
/// </summary>
internal sealed class TextTable(params string[] headings)
{
    private const string Gap = "  ";
    private readonly List<TableCell[]> _rows = [];

    public IReadOnlyList<string> Headings { get; } = headings;

    /// <summary>Left margin of every line.</summary>
    public string Indent { get; init; } = string.Empty;

    public int RowCount => _rows.Count;

    public TextTable Add(params TableCell[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Headings.Count)
        {
            throw new ArgumentException($"expected {Headings.Count} cells, got {cells.Length}", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    public string Render(Palette palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        var widths = new int[Headings.Count];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = Math.Max(Headings[i].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Text.Length));
        }
        var text = new StringBuilder();
        AppendLine(text, widths, Headings.Select(h => new TableCell(h.ToUpperInvariant(), Tone.Heading)).ToArray(), palette);
        foreach (var row in _rows)
        {
            AppendLine(text, widths, row, palette);
        }
        return text.ToString();
    }

    private void AppendLine(StringBuilder text, int[] widths, TableCell[] cells, Palette palette)
    {
        var line = new StringBuilder(Indent);
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            line.Append(palette.Paint(cells[i].Text, cells[i].Tone));
            if (!last)
            {
                line.Append(' ', widths[i] - cells[i].Text.Length).Append(Gap);
            }
        }
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
