using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Deploy;

/// <summary>Parses <c>--set KEY=VALUE</c> (or <c>service.KEY=VALUE</c>) answers. The value may hold <c>=</c>; a later key wins.</summary>
internal static class AnswerParser
{
    public static Dictionary<string, string> Parse(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--set '{assignment}' is not KEY=VALUE", "e.g. --set POSTGRES_PASSWORD=s3cret or --set web.PORT=8080");
            }
            var key = assignment[..equals].Trim();
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                throw new UsageException($"--set '{assignment}' has an invalid key", "keys are KEY or service.KEY, without spaces");
            }
            answers[key] = assignment[(equals + 1)..];
        }
        return answers;
    }
}
