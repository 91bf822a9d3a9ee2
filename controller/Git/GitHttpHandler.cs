using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Codemason.Controller.Auth;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Git;

/// <summary>
/// Serves <c>/git/{environment}/{app}.git/...</c>: checks the caller (HTTP Basic, the password an API token; the
/// roles of <see cref="AccessPolicy"/>), then runs git's own <c>git http-backend</c> as a CGI process per request,
/// streaming the request body to it and its answer back unbuffered. A push's pre-receive hook is connected to the
/// <see cref="IPushReceiver"/> through a <see cref="PushSession"/>. docs/git-remotes.md tells the whole story.
/// </summary>
public sealed partial class GitHttpHandler(
    GitRepositories repositories,
    ITokenStore tokens,
    IPushReceiver receiver,
    IHostApplicationLifetime lifetime,
    IOptions<GitOptions> options,
    ControllerMetrics metrics,
    TimeProvider time,
    ILogger<GitHttpHandler> logger)
{
    /// <summary>The realm git's credential helpers see.</summary>
    public const string Realm = "codemason";

    private const int BufferSize = 64 * 1024;

    private readonly LogThrottle _throttle = new(time, ApiAuthenticationMiddleware.RejectionLogInterval);

    /// <summary>Answers one git request for the repository of <paramref name="app"/> in <paramref name="environment"/>.</summary>
    public async Task HandleAsync(HttpContext context, string environment, string app, string rest)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = GitRequest.Of(context.Request.Method, rest, context.Request.Query["service"].ToString());
        if (!GitRepositories.IsValid(environment, app) || request is null)
        {
            await WriteTextAsync(context, StatusCodes.Status404NotFound, NotFound(environment, app));
            return;
        }
        var (caller, problem, presented) = await AuthenticateAsync(context);
        if (caller is null)
        {
            if (problem is not null)
            {
                // git's first request carries no credentials: the challenge is the handshake, not a refusal.
                if (presented)
                {
                    Refused("unauthenticated", environment, app, problem);
                }
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
                await WriteTextAsync(context, StatusCodes.Status401Unauthorized, problem);
            }
            return;
        }
        if (AccessPolicy.Deny(new ApiCaller(caller), request.MinimumRole, environment, request.Action(app)) is { } denied)
        {
            Refused("permission_denied", environment, app, denied);
            await WriteTextAsync(context, StatusCodes.Status403Forbidden, denied);
            return;
        }
        if (!repositories.Exists(environment, app))
        {
            await WriteTextAsync(context, StatusCodes.Status404NotFound, NotFound(environment, app));
            return;
        }
        using (logger.BeginScope(new Dictionary<string, object> { ["Environment"] = environment, ["App"] = app }))
        {
            await RunBackendAsync(context, request, environment, app, rest, caller);
        }
    }

    /// <summary>The 404 text, which tells how to make the remote.</summary>
    public static string NotFound(string environment, string app) =>
        $"no app {app} in environment {environment} has a git remote; create it with: mason create {app} --env {environment}";

    /// <summary>
    /// The token of the request's Basic credentials (any user name, the token as password); null with the text of the
    /// 401 when there is none usable (<c>Presented</c>: whether the request sent credentials at all), null and null
    /// when the answer was already written (the store did not answer).
    /// </summary>
    private async Task<(ApiTokenIdentity? Caller, string? Problem, bool Presented)> AuthenticateAsync(HttpContext context)
    {
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (null, "authentication required: any user name, an API token as the password (mason token create)", false);
        }
        string password;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            password = pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        catch (FormatException)
        {
            return (null, "malformed Basic credentials", true);
        }
        ApiTokenIdentity? identity;
        try
        {
            identity = password.Length == 0 ? null : await tokens.ValidateApiTokenAsync(password, context.RequestAborted);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            LogStoreUnavailable(ex.Message);
            context.Response.Headers.RetryAfter = "5";
            await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "the controller's store is not available; retry");
            return (null, null, true);
        }
        if (identity is null)
        {
            return (null, "invalid API token", true);
        }
        if (identity.IsExpired(time.GetUtcNow()))
        {
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"the API token \"{identity.Name}\" expired at {identity.ExpiresAt:yyyy-MM-dd HH:mm} UTC; ask an admin for a new one (mason token create)"), true);
        }
        return (identity, null, true);
    }

    private async Task RunBackendAsync(HttpContext context, GitRequest request, string environment, string app, string rest, ApiTokenIdentity caller)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = options.Value.MaxPushSize;
        }
        var repository = repositories.PathOf(environment, app);
        using var session = request.RunsHooks ? await PushSession.CreateAsync(context.RequestAborted) : null;
        var environmentVariables = CgiEnvironment(context, environment, app, rest, caller);
        if (session is not null)
        {
            environmentVariables.AddRange(session.Environment);
            environmentVariables.AddRange(
            [
                new("GIT_CONFIG_COUNT", "1"),
                new("GIT_CONFIG_KEY_0", "core.hooksPath"),
                new("GIT_CONFIG_VALUE_0", repositories.EnsureHooks()),
            ]);
        }
        using var process = GitProcess.Start(GitProcess.StartInfo(options.Value.HttpBackendPath, [], environmentVariables, redirectInput: true));
        var errors = LogBackendErrorsAsync(process.StandardError);
        var push = session is null ? Task.CompletedTask : ReceivePushAsync(session, environment, app, caller, repository);
        var input = CopyRequestBodyAsync(context.Request.Body, process.StandardInput.BaseStream);
        try
        {
            await RelayResponseAsync(process.StandardOutput.BaseStream, context);
            // Not RequestAborted: git finishes a push whose pack arrived even when its client went away.
            await process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            if (!process.HasExited)
            {
                // Only when relaying failed: nobody will read git's answer.
                process.Kill(entireProcessTree: true);
            }
            session?.Abandon();
            await push;
            await input;
            await errors;
        }
    }

    /// <summary>The CGI variables (RFC 3875 §4.1) and git's own for one request.</summary>
    private List<KeyValuePair<string, string>> CgiEnvironment(HttpContext context, string environment, string app, string rest, ApiTokenIdentity caller)
    {
        var request = context.Request;
        var variables = new List<KeyValuePair<string, string>>
        {
            new("GIT_PROJECT_ROOT", repositories.Root),
            new("GIT_HTTP_EXPORT_ALL", "1"),
            new("PATH_INFO", $"/{environment}/{app}.git/{rest}"),
            new("REQUEST_METHOD", request.Method),
            new("QUERY_STRING", request.QueryString.HasValue ? request.QueryString.Value![1..] : ""),
            new("REMOTE_USER", caller.Name),
            new("REMOTE_ADDR", context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1"),
            new("SERVER_PROTOCOL", request.Protocol),
        };
        if (request.ContentType is { Length: > 0 } contentType)
        {
            variables.Add(new("CONTENT_TYPE", contentType));
        }
        if (request.ContentLength is { } length)
        {
            variables.Add(new("CONTENT_LENGTH", length.ToString(CultureInfo.InvariantCulture)));
        }
        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            variables.Add(new("HTTP_CONTENT_ENCODING", encoding));
        }
        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            variables.Add(new("GIT_PROTOCOL", protocol));
        }
        return variables;
    }

    /// <summary>Streams the request body to git's stdin and closes it; a client that went away just ends the body.</summary>
    private static async Task CopyRequestBodyAsync(Stream body, Stream input)
    {
        try
        {
            await body.CopyToAsync(input, BufferSize);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away or sent too much; git sees a short body and says so.
        }
        finally
        {
            try
            {
                await input.DisposeAsync();
            }
            catch (IOException)
            {
                // git exited without reading everything.
            }
        }
    }

    /// <summary>
    /// Parses the CGI head into the response, then copies the body as it comes, flushing every read (a push shows
    /// its progress). Once the client is gone the rest is read and dropped, so git never writes to a broken pipe.
    /// </summary>
    private async Task RelayResponseAsync(Stream output, HttpContext context)
    {
        var buffer = new byte[BufferSize];
        var filled = 0;
        CgiResponseHead? head = null;
        while (head is null)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await output.ReadAsync(buffer.AsMemory(filled));
            if (read == 0)
            {
                LogNoResponse();
                await WriteTextAsync(context, StatusCodes.Status502BadGateway, "git http-backend ended without an answer");
                return;
            }
            filled += read;
            head = CgiResponseHead.TryParse(buffer.AsSpan(0, filled));
        }
        var response = context.Response;
        response.StatusCode = head.StatusCode;
        foreach (var (name, value) in head.Headers)
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers.Append(name, value);
            }
        }
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var clientGone = !await TryWriteAsync(response, buffer.AsMemory(head.Length, filled - head.Length));
        int count;
        while ((count = await output.ReadAsync(buffer)) > 0)
        {
            if (!clientGone)
            {
                clientGone = !await TryWriteAsync(response, buffer.AsMemory(0, count));
            }
        }
    }

    private static async Task<bool> TryWriteAsync(HttpResponse response, ReadOnlyMemory<byte> data)
    {
        try
        {
            if (!data.IsEmpty)
            {
                await response.Body.WriteAsync(data);
            }
            await response.Body.FlushAsync();
            return !response.HttpContext.RequestAborted.IsCancellationRequested;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for the hook, hands the push to the receiver and sends its verdict back. Never throws: a receiver that
    /// fails refuses the push. Runs to the end even if the client went away; only shutdown cancels the receiver.
    /// </summary>
    private async Task ReceivePushAsync(PushSession session, string environment, string app, ApiTokenIdentity caller, string repository)
    {
        HookPush? handed;
        try
        {
            handed = await session.ReadPushAsync();
        }
        catch (IOException ex)
        {
            LogHookUnreadable(ex.Message);
            return;
        }
        using var answer = session.OpenAnswer();
        if (handed is null)
        {
            // Either git ended without running the hook (the answer goes nowhere) or it sent what no hook of ours sends.
            answer.Finish(PushVerdict.Refuse("codemason: the push hook sent nothing the controller understands"));
            return;
        }
        var push = new GitPush(environment, app, caller, handed.Updates, repository, handed.GitEnvironment);
        var stopping = lifetime.ApplicationStopping;
        PushVerdict verdict;
        try
        {
            verdict = await receiver.ReceiveAsync(push, answer, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            verdict = PushVerdict.Refuse("codemason: the controller is shutting down; push again when it is back");
        }
#pragma warning disable CA1031 // Whatever the receiver throws, the pusher gets an answer and git drops the push.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReceiverFailed(ex, caller.Name);
            verdict = PushVerdict.Refuse("codemason: the controller failed to handle the push (its log says why)");
        }
        answer.Finish(verdict);
        LogPushed(caller.Name, string.Join(", ", push.Updates.Select(u => u.RefName)), verdict.Accepted);
    }

    private async Task LogBackendErrorsAsync(StreamReader errors)
    {
        while (await errors.ReadLineAsync() is { } line)
        {
            LogBackendError(line);
        }
    }

    /// <summary>Counts a refused request and logs it, at most one line per interval (as the API's refusals).</summary>
    private void Refused(string reason, string environment, string app, string detail)
    {
        metrics.ApiRefused(reason);
        if (_throttle.TryEnter(out var suppressed))
        {
            LogRefused(environment, app, detail, suppressed);
        }
    }

    private static Task WriteTextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        // git shows a text/plain error body line by line as "remote: ...".
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n");
    }
}
