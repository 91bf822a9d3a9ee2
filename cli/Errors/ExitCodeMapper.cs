using Grpc.Core;

namespace Codemason.Cli.Errors;

/// <summary>The one place where failures become exit codes and the words printed for them.</summary>
internal static class ExitCodeMapper
{
    public static CliFailure Map(Exception exception) => exception switch
    {
        ValidationFailedException e => new(ExitCode.UserError, e.Message, [e.Report], e.Hint),
        DeployFailedException e => new(ExitCode.DeployFailed, e.Message, e.Details, e.Hint),
        UsageException e => new(ExitCode.Usage, e.Message, [], e.Hint),
        ControllerUnreachableException e => new(ExitCode.Unreachable, e.Message, [], e.Hint),
        AuthenticationException e => new(ExitCode.Auth, e.Message, [], e.Hint),
        ControllerRejectedException e => new(ExitCode.UserError, e.Message, [], e.Hint),
        UserErrorException e => new(ExitCode.UserError, e.Message, [], e.Hint),
        // Only reached when a call bypassed ControllerClient's translation; keep the same meaning.
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } e =>
            new(ExitCode.Unreachable, $"cannot reach the controller: {Describe(e)}", [], null),
        RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied } e =>
            new(ExitCode.Auth, $"the controller refused the token: {Describe(e)}", [], null),
        RpcException e => new(ExitCode.UserError, $"the controller answered {e.StatusCode}: {Describe(e)}", [], null),
        OperationCanceledException => new(ExitCode.Interrupted, "interrupted", [], null),
        UnauthorizedAccessException e => new(ExitCode.UserError, e.Message, [], null),
        FileNotFoundException e => new(ExitCode.UserError, e.Message, [], null),
        DirectoryNotFoundException e => new(ExitCode.UserError, e.Message, [], null),
        IOException e => new(ExitCode.UserError, e.Message, [], null),
        _ => new(ExitCode.UserError, $"unexpected {exception.GetType().Name}: {exception.Message}", [],
            "this is a bug in mason; run again with --verbose and report the output"),
    };

    private static string Describe(RpcException e) =>
        e.Status.Detail.Length > 0 ? e.Status.Detail : e.StatusCode.ToString();
}
