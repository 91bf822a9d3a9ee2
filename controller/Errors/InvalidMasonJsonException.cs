using Codemason.Mortar;

namespace Codemason.Controller.Errors;

/// <summary>The mason.json (with its answers and template values) has errors; every one of them is carried (INVALID_ARGUMENT + <c>codemason-errors-bin</c>).</summary>
public sealed class InvalidMasonJsonException(IReadOnlyList<MasonError> errors)
    : ControllerException(Describe(errors))
{
    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<MasonError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<MasonError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count switch
        {
            0 => "invalid mason.json",
            1 => $"invalid mason.json: {errors[0]}",
            _ => $"invalid mason.json: {errors.Count} errors; first: {errors[0]}",
        };
    }
}
