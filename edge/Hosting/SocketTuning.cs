namespace Codemason.Edge.Hosting;

/// <summary>
/// How the edge's sockets complete, set before the first socket is made (the runtime reads both variables once). A
/// variable already set, by the container or the user, is left as it is.
/// <list type="bullet">
/// <item><c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>: a socket operation's continuation runs on the thread
/// that polled it instead of being queued to the thread pool. The edge's code after an await on a socket is short and
/// never blocks (forward a replica's answer to the client, write a log line to a queue), which is the case this
/// setting is for.</item>
/// <item><c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c>: half the cores, at least one, polling threads.</item>
/// </list>
/// Measured on the edge benchmark (docs/benchmarks.md, "Tuning the edge"): CPU per request about a fifth lower with
/// both than with neither.
/// </summary>
public static class SocketTuning
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    public static void Apply()
    {
        SetUnlessGiven(InlineCompletions, "1");
        SetUnlessGiven(ThreadCount, Math.Max(1, Environment.ProcessorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void SetUnlessGiven(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
