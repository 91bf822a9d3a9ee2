using Codemason.Cli.Errors;

namespace Codemason.Cli.Output;

/// <summary>
/// Prints a failure to stderr: <c>mason: error: ...</c>, its detail lines, then <c>hint: ...</c>. With
/// <c>--verbose</c> the exception chain and stack follow; without it, never a stack trace.
/// </summary>
internal static class ErrorReporter
{
    public static void Write(TextWriter error, CliFailure failure, Palette palette, Exception? exception, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(palette);
        error.WriteLine(palette.Paint("mason: error:", Tone.Bad) + " " + failure.Message);
        foreach (var detail in failure.Details)
        {
            error.WriteLine(detail);
        }
        if (failure.Hint is { } hint)
        {
            error.WriteLine(palette.Paint("hint: " + hint, Tone.Dim));
        }
        if (verbose && exception is not null)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                error.WriteLine(palette.Paint($"  caused by {e.GetType().FullName}: {e.Message}", Tone.Dim));
            }
            error.WriteLine(palette.Paint(exception.ToString(), Tone.Dim));
        }
    }
}
