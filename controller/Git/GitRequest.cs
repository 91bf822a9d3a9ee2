using Codemason.Controller.Auth;

namespace Codemason.Controller.Git;

/// <summary>
/// A smart-HTTP request git sends to a remote: the ref advertisement (<c>GET info/refs?service=...</c>) or the
/// exchange (<c>POST git-upload-pack</c>, <c>POST git-receive-pack</c>). Nothing else is served (no dumb HTTP).
/// </summary>
/// <param name="Push">True for <c>git-receive-pack</c> (push), false for <c>git-upload-pack</c> (fetch, clone).</param>
/// <param name="Exchange">True for the POST that carries the pack; false for the ref advertisement.</param>
public sealed record GitRequest(bool Push, bool Exchange)
{
    private const string UploadPack = "git-upload-pack";
    private const string ReceivePack = "git-receive-pack";

    /// <summary>The role the request needs: deployer to push, viewer to fetch.</summary>
    public ApiRole MinimumRole => Push ? ApiRole.Deployer : ApiRole.Viewer;

    /// <summary>What the request does, for refusals: "push to app shop", "fetch app shop".</summary>
    public string Action(string app) => Push ? $"push to app {app}" : $"fetch app {app}";

    /// <summary>Whether git will run the push's hooks: the POST of a receive-pack.</summary>
    public bool RunsHooks => Push && Exchange;

    /// <summary>
    /// The request <paramref name="method"/> <paramref name="rest"/> (the path after <c>APP.git/</c>) with
    /// <paramref name="service"/> (the <c>service</c> query value) makes; null when it is none.
    /// </summary>
    public static GitRequest? Of(string method, string rest, string? service) => (method, rest) switch
    {
        ("GET", "info/refs") when service == UploadPack => new GitRequest(Push: false, Exchange: false),
        ("GET", "info/refs") when service == ReceivePack => new GitRequest(Push: true, Exchange: false),
        ("POST", UploadPack) => new GitRequest(Push: false, Exchange: true),
        ("POST", ReceivePack) => new GitRequest(Push: true, Exchange: true),
        _ => null,
    };
}
