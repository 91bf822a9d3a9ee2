namespace Codemason.Grpc.Client;

/// <summary>Lets a request writer learn that its call already ended, and how.</summary>
internal interface IStatusSource
{
    Status? FinalStatus { get; }
}
