namespace Codemason.Acme;

/// <summary>
/// An ACME operation failed: the server answered with an error document (<see cref="Problem"/>), a challenge was
/// found invalid (<see cref="Host"/> and the challenge's problem), an order did not finish in time, or the server
/// could not be reached or answered something that is not ACME. The message is one sentence for an operator, without
/// a stack trace; the transport failure, if any, is the inner exception.
/// </summary>
public sealed class AcmeException : Exception
{
    public AcmeException()
    {
    }

    public AcmeException(string message)
        : base(message)
    {
    }

    public AcmeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A failure described by the server's error document.</summary>
    public AcmeException(string message, AcmeProblem? problem, string? host = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
        Host = host;
    }

    /// <summary>The server's error document (or the invalid challenge's error); null for failures of the client side.</summary>
    public AcmeProblem? Problem { get; }

    /// <summary>The host (DNS identifier) the failure is about, when it is about one.</summary>
    public string? Host { get; }

    /// <summary>
    /// How long the server asked the client to wait (<c>Retry-After</c> on the error answer, e.g. with
    /// <see cref="AcmeProblemTypes.RateLimited"/>); null when it did not say. Give it to
    /// <see cref="CertificateRenewal.Plan"/> as the server's earliest retry.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The problem's type (<see cref="AcmeProblemTypes"/>), or null.</summary>
    public string? ProblemType => Problem?.Type;
}
