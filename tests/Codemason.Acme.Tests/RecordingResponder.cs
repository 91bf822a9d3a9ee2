using System.Collections.Concurrent;

namespace Codemason.Acme.Tests;

/// <summary>A responder that only records what it was asked (<c>publish host</c>, <c>remove host</c>).</summary>
internal sealed class RecordingResponder : IAcmeChallengeResponder
{
    public ConcurrentQueue<string> Events { get; } = new();

    public Task PublishAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        Events.Enqueue($"publish {challenge.Host} {challenge.Path}");
        return Task.CompletedTask;
    }

    public Task RemoveAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken)
    {
        Events.Enqueue($"remove {challenge.Host}");
        return Task.CompletedTask;
    }
}
