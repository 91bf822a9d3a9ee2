using Microsoft.Extensions.Options;

namespace Codemason.Controller.Api;

/// <summary>Rules data annotations cannot express; every broken rule is reported at once.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.WatchBookmarkInterval <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"Api:WatchBookmarkInterval must be positive, not {options.WatchBookmarkInterval}.")
            : ValidateOptionsResult.Success;
    }
}
