namespace Codemason.Docker.Images;

/// <summary>One effect of an image removal: a tag removed or a layer deleted.</summary>
public sealed record ImageDeleteItem
{
    public string? Untagged { get; init; }

    public string? Deleted { get; init; }
}
