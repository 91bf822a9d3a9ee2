namespace Codemason.Bench.Peers;

/// <summary>A tool this run cannot measure (not installed, engine in somebody else's swarm): a note, not a failure.</summary>
internal sealed class SkipException(string message) : Exception(message);
