namespace Codemason.Agent.Configuration;

/// <summary>
/// Where the agent's join token comes from, first match wins: <c>--token-file PATH</c> (the file's first line),
/// <c>--token TOKEN</c> (discouraged: it shows in <c>ps</c>, shell history and <c>docker inspect</c>), then the
/// <see cref="EnvironmentVariable"/> environment variable. None of them is needed once the node has joined.
/// </summary>
public static class JoinTokenSource
{
    /// <summary>The environment variable the install line sets: <c>CODEMASON_TOKEN</c>.</summary>
    public const string EnvironmentVariable = "CODEMASON_TOKEN";

    /// <summary>The warning printed on stderr when the token is given with <c>--token</c>.</summary>
    public const string ArgvWarning =
        "codemason-agent: warning: --token puts the join token where other users and logs can read it (ps, shell history, docker inspect); " +
        "use --token-file PATH or the CODEMASON_TOKEN environment variable";

    /// <summary>The token, or null when none is given; <paramref name="error"/> says why a given file cannot be used.</summary>
    public static string? Resolve(AgentOptions options, Func<string, string?> environment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        error = null;
        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            // The agent ships without the runtime's message texts (UseSystemResourceKeys), so the common case gets its own.
            if (!File.Exists(options.TokenFile))
            {
                error = $"--token-file {options.TokenFile} does not exist";
                return null;
            }
            try
            {
                var token = File.ReadLines(options.TokenFile).FirstOrDefault()?.Trim();
                if (string.IsNullOrEmpty(token))
                {
                    error = $"--token-file {options.TokenFile} is empty";
                    return null;
                }
                return token;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = $"--token-file {options.TokenFile} cannot be read: {ex.Message}";
                return null;
            }
        }
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            return options.Token.Trim();
        }
        return environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim() : null;
    }
}
