using Codemason.Controller.Git;

namespace Codemason.Controller.Tests.Git;

/// <summary>A push receiver whose behaviour each test sets; it records every push it gets.</summary>
internal sealed class ScriptedReceiver : IPushReceiver
{
    private readonly List<GitPush> _pushes = [];

    /// <summary>What the next pushes do; accepts by default.</summary>
    public Func<GitPush, TextWriter, CancellationToken, Task<PushVerdict>> Behaviour { get; set; } =
        (_, _, _) => Task.FromResult(PushVerdict.Accept());

    public IReadOnlyList<GitPush> Pushes
    {
        get
        {
            lock (_pushes)
            {
                return [.. _pushes];
            }
        }
    }

    public Task<PushVerdict> ReceiveAsync(GitPush push, TextWriter output, CancellationToken cancellationToken)
    {
        lock (_pushes)
        {
            _pushes.Add(push);
        }
        return Behaviour(push, output, cancellationToken);
    }
}
