namespace Codemason.Cli.Output;

/// <summary>Wraps text in ANSI SGR codes when colour is enabled; returns it unchanged otherwise.</summary>
internal sealed class Palette(bool enabled)
{
    private const string Reset = "\u001b[0m";

    public static Palette None { get; } = new(false);

    public bool Enabled { get; } = enabled;

    /// <summary>Colours for replicas in merged logs, picked by a stable hash of the replica id.</summary>
    public static IReadOnlyList<Tone> ReplicaTones { get; } = [Tone.Cyan, Tone.Magenta, Tone.Blue, Tone.Yellow, Tone.Green];

    public string Paint(string text, Tone tone)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Enabled || tone == Tone.Plain || text.Length == 0)
        {
            return text;
        }
        return Code(tone) + text + Reset;
    }

    /// <summary>A colour that stays the same for a key across runs (string.GetHashCode is randomised per process).</summary>
    public static Tone ToneFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        uint hash = 2166136261;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619;
        }
        return ReplicaTones[(int)(hash % (uint)ReplicaTones.Count)];
    }

    private static string Code(Tone tone) => tone switch
    {
        Tone.Good => "\u001b[32m",
        Tone.Waiting => "\u001b[33m",
        Tone.Bad => "\u001b[31m",
        Tone.Dim => "\u001b[2m",
        Tone.Heading => "\u001b[1m",
        Tone.Cyan => "\u001b[36m",
        Tone.Magenta => "\u001b[35m",
        Tone.Blue => "\u001b[34m",
        Tone.Yellow => "\u001b[93m",
        Tone.Green => "\u001b[92m",
        _ => string.Empty,
    };
}
