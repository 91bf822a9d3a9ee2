namespace Codemason.Cli.Output;

/// <summary>How a command prints its data (<c>--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Aligned tables and sentences for people.</summary>
    Text,

    /// <summary>JSON for scripts: one document (or one object per line for streams).</summary>
    Json,
}
