namespace Codemason.Docker.Logs;

/// <summary>Which stream a frame of output came from (the first byte of a multiplexed frame header).</summary>
public enum LogStream
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,

    /// <summary>Errors of the engine itself, in attach streams of newer engines.</summary>
    System = 3,
}
