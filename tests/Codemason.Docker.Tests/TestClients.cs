namespace Codemason.Docker.Tests;

/// <summary>Clients wired to a stub engine.</summary>
internal static class TestClients
{
    public static DockerClient With(StubHandler handler, int retryAttempts = 2) =>
        new(new DockerClientOptions { Host = "unix:///stub.sock", RetryAttempts = retryAttempts, RetryBaseDelay = TimeSpan.Zero }, TimeProvider.System, handler);
}
