using System.Globalization;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Scale;

/// <summary>One <c>app/service=N</c> argument of <c>mason scale</c>.</summary>
internal sealed record ScaleTarget(string App, string Service, uint Replicas)
{
    /// <summary>The most replicas one service may have (Mortar's limit).</summary>
    public const uint MaxReplicas = 1000;

    public static ScaleTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.LastIndexOf('=');
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (equals < 0 || slash <= 0 || slash > equals)
        {
            throw Usage(text);
        }
        var app = text[..slash].Trim();
        var service = text[(slash + 1)..equals].Trim();
        var count = text[(equals + 1)..].Trim();
        if (app.Length == 0 || service.Length == 0 || service.Contains('/', StringComparison.Ordinal))
        {
            throw Usage(text);
        }
        if (!uint.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas))
        {
            throw new UsageException($"'{count}' in '{text}' is not a number of replicas", "use a whole number from 0 to 1000");
        }
        if (replicas > MaxReplicas)
        {
            throw new UsageException($"{replicas} replicas is more than the limit of {MaxReplicas}");
        }
        return new ScaleTarget(app, service, replicas);
    }

    private static UsageException Usage(string text) =>
        new($"'{text}' is not APP/SERVICE=N", "e.g. mason scale pebble/web=3");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{App}/{Service}={Replicas}");
}
