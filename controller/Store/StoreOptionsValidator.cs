using Microsoft.Extensions.Options;

namespace Codemason.Controller.Store;

/// <summary>Rules data annotations cannot express; every broken rule is reported at once.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add("Store:Path must be set (it defaults to <Controller:DataDirectory>/controller.db).");
        }
        Positive(errors, nameof(options.EventRetention), options.EventRetention);
        Positive(errors, nameof(options.ChangeRetention), options.ChangeRetention);
        Positive(errors, nameof(options.DeletedAppRetention), options.DeletedAppRetention);
        Positive(errors, nameof(options.PruneInterval), options.PruneInterval);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Store:{name} must be positive, not {value}.");
        }
    }
}
