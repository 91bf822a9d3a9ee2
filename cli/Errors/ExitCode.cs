namespace Codemason.Cli.Errors;

/// <summary>
/// The process exit codes of <c>mason</c>. Stable: scripts depend on them (docs/cli.md lists them).
/// Exceptions become exit codes only in <see cref="ExitCodeMapper"/>.
/// </summary>
internal enum ExitCode
{
    /// <summary>The command did what was asked.</summary>
    Ok = 0,

    /// <summary>The input was wrong: invalid mason.json, unanswered questions, unknown app, refused confirmation.</summary>
    UserError = 1,

    /// <summary>The command line was wrong: unknown command or option, missing or malformed argument.</summary>
    Usage = 2,

    /// <summary>The controller could not be reached or did not answer in time.</summary>
    Unreachable = 3,

    /// <summary>No token, or the controller refused it.</summary>
    Auth = 4,

    /// <summary>A deploy (or rollback, scale) with <c>--wait</c> failed or timed out.</summary>
    DeployFailed = 5,

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
