namespace Codemason.Cli.Output;

/// <summary>One cell of a <see cref="TextTable"/>: its text and the colour it gets on a terminal.</summary>
internal readonly record struct TableCell(string Text, Tone Tone = Tone.Plain)
{
    public static implicit operator TableCell(string text) => new(text);

    public static TableCell FromString(string text) => new(text);
}
