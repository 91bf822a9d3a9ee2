using Codemason.Docker.Errors;
using Polly;
using Polly.Retry;

namespace Codemason.Docker.Transport;

/// <summary>The two retry pipelines of the client.</summary>
internal static class DockerResilience
{
    /// <summary>
    /// For idempotent reads: retried when the engine is unreachable or answers 5xx
    /// (except a registry failure, which a retry will not fix).
    /// </summary>
    public static ResiliencePipeline Reads(DockerClientOptions options, TimeProvider timeProvider) =>
        Build(options, timeProvider, new PredicateBuilder()
            .Handle<DockerEngineUnavailableException>()
            .Handle<DockerException>(e => e is not DockerRegistryUnavailableException && (int?)e.StatusCode >= 500));

    /// <summary>
    /// For mutations: retried only when no connection could be opened, so the engine never saw the
    /// request. A failure after the request was sent may have taken effect and is left to the caller.
    /// </summary>
    public static ResiliencePipeline Mutations(DockerClientOptions options, TimeProvider timeProvider) =>
        Build(options, timeProvider, new PredicateBuilder()
            .Handle<DockerEngineUnavailableException>(e => e.ConnectFailed));

    private static ResiliencePipeline Build(DockerClientOptions options, TimeProvider timeProvider, PredicateBuilder<object> shouldHandle)
    {
        if (options.RetryAttempts == 0)
        {
            return ResiliencePipeline.Empty;
        }
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = options.RetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }
}
