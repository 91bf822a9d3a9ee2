using Codemason.Controller.Errors;

namespace Codemason.Controller.Api;

/// <summary>Checks of request fields, failing with <see cref="InvalidRequestException"/> that names the offending text.</summary>
internal static class RequestValidation
{
    public static string EnvironmentNameOf(string? name) =>
        NameRules.IsEnvironmentName(name)
            ? name!
            : throw new InvalidRequestException($"environment name \"{name}\" is invalid: {NameRules.EnvironmentRule}");

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidRequestException($"{field} is required") : value;

    /// <summary>The app a request names; a name no app can have is INVALID_ARGUMENT, not NOT_FOUND.</summary>
    public static AppKey AppKeyOf(string? environment, string? app)
    {
        Required(environment, "environment");
        Required(app, "app");
        try
        {
            return new AppKey(environment!, app!);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException(e.Message);
        }
    }

    public static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
