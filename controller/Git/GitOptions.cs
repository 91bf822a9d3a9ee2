using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Git;

/// <summary>The git remotes the controller hosts (section <c>Git</c>; docs/git-remotes.md).</summary>
public sealed class GitOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Git";

    /// <summary>Default <see cref="GitPath"/>: <c>git</c>, found on PATH.</summary>
    public const string DefaultGitPath = "git";

    /// <summary>Default <see cref="HttpBackendPath"/>: Debian's <c>/usr/lib/git-core/git-http-backend</c>.</summary>
    public const string DefaultHttpBackendPath = "/usr/lib/git-core/git-http-backend";

    /// <summary>Default <see cref="MaxPushSize"/>: 1 GiB.</summary>
    public const long DefaultMaxPushSize = 1L << 30;

    /// <summary>The git program (creating repositories, reading pushed commits); default <see cref="DefaultGitPath"/>.</summary>
    [Required]
    public string GitPath { get; set; } = DefaultGitPath;

    /// <summary>git's smart-HTTP CGI program; default <see cref="DefaultHttpBackendPath"/>.</summary>
    [Required]
    public string HttpBackendPath { get; set; } = DefaultHttpBackendPath;

    /// <summary>
    /// Largest request body of one git request (a push's pack), in bytes; default <see cref="DefaultMaxPushSize"/>.
    /// It replaces the server-wide <c>ServerLimits:MaxRequestBodySize</c> (sized for gRPC messages) on git requests.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxPushSize { get; set; } = DefaultMaxPushSize;
}
