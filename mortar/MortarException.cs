namespace Codemason.Mortar;

/// <summary>
/// A mason.json that cannot be deployed, with every error. The library itself reports bad input as values
/// (<see cref="MortarResult.Errors"/>); this exception is for callers that prefer to throw
/// (<see cref="MortarResult.GetAppOrThrow"/>), and maps to gRPC <c>InvalidArgument</c> / CLI exit code 2.
/// </summary>
public sealed class MortarException : Exception
{
    public MortarException(IReadOnlyList<MasonError> errors)
        : base(Describe(errors)) => Errors = errors;

    public MortarException()
        : this([])
    {
    }

    public MortarException(string message)
        : base(message) => Errors = [];

    public MortarException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<MasonError> Errors { get; }

    private static string Describe(IReadOnlyList<MasonError> errors) => errors.Count switch
    {
        0 => "invalid mason.json",
        1 => "invalid mason.json: " + errors[0],
        _ => $"invalid mason.json ({errors.Count} errors):{Environment.NewLine}" + string.Join(Environment.NewLine, errors),
    };
}
