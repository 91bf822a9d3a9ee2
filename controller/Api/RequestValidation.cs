using System.Text.RegularExpressions;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;

namespace Codemason.Controller.Api;

/// <summary>Checks of request fields, failing with <see cref="InvalidRequestException"/>.</summary>
internal static partial class RequestValidation
{
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    public static string EnvironmentNameOf(string? name)
    {
        if (string.IsNullOrEmpty(name) || !EnvironmentName().IsMatch(name))
        {
            throw new InvalidRequestException($"environment name \"{name}\" must be 1–63 lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return name;
    }

    public static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidRequestException($"{field} is required") : value;

    public static AppKey AppKeyOf(string? environment, string? app) => new(Required(environment, "environment"), Required(app, "app"));

    public static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
