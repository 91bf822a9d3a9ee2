namespace Codemason.Controller.Git;

/// <summary>The receiver used until one that builds is registered: it keeps every push and says so.</summary>
public sealed class AcceptingPushReceiver : IPushReceiver
{
    public Task<PushVerdict> ReceiveAsync(GitPush push, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(output);
        var refs = string.Join(", ", push.Updates.Select(u => u.Branch ?? u.RefName));
        output.WriteLine($"codemason: received {refs} for {push.App} in {push.Environment}; no builder is configured, nothing deployed");
        return Task.FromResult(PushVerdict.Accept());
    }
}
