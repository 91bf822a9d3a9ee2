namespace Codemason.Docker.Containers;

/// <summary>The engine's <c>EndpointSettings</c> for create and connect.</summary>
internal sealed record EndpointConfigBody
{
    public IReadOnlyList<string>? Aliases { get; init; }

    public IpamConfigBody? IPAMConfig { get; init; }
}
