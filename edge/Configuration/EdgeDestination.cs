namespace Codemason.Edge.Configuration;

/// <summary>One replica behind a route: an id (e.g. <c>dev/shop/web#1</c>) and an absolute http(s) address.</summary>
public sealed record EdgeDestination
{
    public string Id { get; init; } = "";

    public string Address { get; init; } = "";
}
