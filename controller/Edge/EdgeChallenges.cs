using System.Collections.Concurrent;
using Codemason.Acme;

namespace Codemason.Controller.Edge;

/// <summary>
/// The ACME HTTP-01 answers of the controller's open orders, by environment (docs/edge.md, "ACME"). Kept in memory
/// only: an order lives minutes and does not survive a restart of the controller, so neither need its answers. The
/// <see cref="EdgePublisher"/> sends them with the environment's edge server; whoever adds or removes one queues it.
/// </summary>
public sealed class EdgeChallenges
{
    private readonly ConcurrentDictionary<(string Environment, string Token), AcmeHttpChallenge> _open = new();

    /// <summary>Makes the edges of <paramref name="environment"/> answer <paramref name="challenge"/> from the next publish on.</summary>
    public void Add(string environment, AcmeHttpChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        _open[(environment, challenge.Token)] = challenge;
    }

    /// <summary>Stops answering <paramref name="challenge"/> from the next publish on.</summary>
    public void Remove(string environment, AcmeHttpChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        _open.TryRemove((environment, challenge.Token), out _);
    }

    /// <summary>The answers open for <paramref name="environment"/>, by token.</summary>
    public IReadOnlyList<AcmeHttpChallenge> Of(string environment) =>
        [.. _open.Where(e => e.Key.Environment == environment).Select(e => e.Value).OrderBy(c => c.Token, StringComparer.Ordinal)];
}
