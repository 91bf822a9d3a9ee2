namespace Codemason.Acme;

/// <summary>
/// Answers HTTP-01 challenges somewhere else: the client never listens itself. The controller's implementation puts
/// the token in the table every edge node serves under <c>/.well-known/acme-challenge/</c>.
/// </summary>
public interface IAcmeChallengeResponder
{
    /// <summary>
    /// Makes <paramref name="challenge"/> answerable. The client tells the server to validate only after this
    /// returns, so it must return once every node that may receive the validation request can answer it.
    /// </summary>
    Task PublishAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken);

    /// <summary>Stops answering <paramref name="challenge"/>: called once its authorization is decided, valid or not, or the order is abandoned.</summary>
    Task RemoveAsync(AcmeHttpChallenge challenge, CancellationToken cancellationToken);
}
