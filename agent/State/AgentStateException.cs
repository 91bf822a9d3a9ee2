namespace Codemason.Agent.State;

/// <summary>The state file cannot be opened, read or written; the message says which and why.</summary>
public sealed class AgentStateException : Exception
{
    public AgentStateException(string message) : base(message)
    {
    }

    public AgentStateException(string message, Exception inner) : base(message, inner)
    {
    }
}
