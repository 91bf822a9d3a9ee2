namespace Codemason.Docker.Tests.Integration;

/// <summary>Base of the tests that need the real engine: a client per fixture and a sweep after every test, pass or fail.</summary>
[Category("Integration")]
public abstract class EngineTest : IDisposable
{
    private DockerClient? _client;

    protected DockerClient Client => _client ?? throw new InvalidOperationException("no client before OneTimeSetUp");

    [OneTimeSetUp]
    public void CreateClient() => _client = new DockerClient();

    /// <summary>NUnit disposes the fixture after its last test.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client?.Dispose();
        }
    }

    [TearDown]
    public async Task RemoveTestObjectsAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await EngineFixture.RemoveLabelledAsync(Client, timeout.Token);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (the engine acts asynchronously, e.g. a process printing after start).</summary>
    protected static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
