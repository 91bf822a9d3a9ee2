namespace Codemason.Controller.Networking;

/// <summary>A replica that has an address on the environment's network, and whether it runs.</summary>
public sealed record NetworkMember(string App, string Service, uint Address, bool Running);
