namespace Codemason.Grpc.Client;

/// <summary>The parts of a call its public wrapper exposes, whatever the message types.</summary>
internal interface ICallState : IStatusSource, IDisposable
{
    Task<Metadata> GetResponseHeadersAsync();

    Status GetStatus();

    Metadata GetTrailers();
}
