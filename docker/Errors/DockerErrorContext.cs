namespace Codemason.Docker.Errors;

/// <summary>What the failed call was doing, when that changes how an engine error reads.</summary>
public enum DockerErrorContext
{
    /// <summary>Any call whose status code says it all.</summary>
    General = 0,

    /// <summary>An image pull: registry failures arrive as 500s or as errors inside the progress stream.</summary>
    ImagePull = 1,

    /// <summary>An image push: the registry's refusals and dial errors arrive inside the progress stream.</summary>
    ImagePush = 2,
}
