using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemason.Controller.Git;

/// <summary>Registers and maps the git remotes (docs/git-remotes.md).</summary>
public static class GitRemotesExtensions
{
    /// <summary>Route of the smart-HTTP endpoint.</summary>
    public const string Route = "/git/{environment}/{app}.git/{**rest}";

    /// <summary>
    /// Adds <see cref="GitOptions"/>, <see cref="GitRepositories"/> (also as the builds' <see cref="Builds.IRemoteRepositories"/>),
    /// <see cref="GitCommands"/> and the endpoint's handler, and, unless one is registered already, <see cref="DeployingPushReceiver"/>
    /// as <see cref="IPushReceiver"/> (it needs <c>AddBuilds</c>).
    /// </summary>
    public static IHostApplicationBuilder AddGitRemotes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GitOptions>()
            .Bind(builder.Configuration.GetSection(GitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GitRepositories>();
        builder.Services.AddSingleton<Builds.IRemoteRepositories>(sp => sp.GetRequiredService<GitRepositories>());
        builder.Services.AddSingleton<GitCommands>();
        builder.Services.AddSingleton<GitHttpHandler>();
        builder.Services.TryAddSingleton<IPushReceiver, DeployingPushReceiver>();
        builder.Services.AddHostedService<RepositoryFollower>();
        return builder;
    }

    /// <summary>Maps <see cref="Route"/> (GET and POST) to <see cref="GitHttpHandler"/>.</summary>
    public static WebApplication MapGitRemotes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var handler = app.Services.GetRequiredService<GitHttpHandler>();
        app.MapMethods(Route, ["GET", "POST"], (HttpContext context, string environment, string app, string? rest) =>
            handler.HandleAsync(context, environment, app, rest ?? ""));
        return app;
    }
}
