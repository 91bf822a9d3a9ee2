using Grpc.Core;

namespace Codemason.Controller.Auth;

/// <summary>Wires API-token authentication.</summary>
public static class ApiAuthenticationExtensions
{
    /// <summary>Adds the bearer-token check in front of every gRPC endpoint (call before mapping them).</summary>
    public static IApplicationBuilder UseApiAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<ApiAuthenticationMiddleware>();
    }

    /// <summary>The authenticated caller of this call (set by <see cref="ApiAuthenticationMiddleware"/>).</summary>
    public static ApiCaller GetCaller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().Features.Get<ApiCaller>()
            ?? throw new InvalidOperationException("No authenticated caller: is UseApiAuthentication() in the pipeline?");
    }
}
