using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Shared;

/// <summary>An <c>app</c> or <c>app/service</c> argument.</summary>
internal sealed record AppReference(string App, string? Service)
{
    public static AppReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length > 2 || parts.Any(p => p.Trim().Length == 0))
        {
            throw new UsageException($"'{text}' is not APP or APP/SERVICE");
        }
        return new AppReference(parts[0].Trim(), parts.Length == 2 ? parts[1].Trim() : null);
    }

    public override string ToString() => Service is null ? App : $"{App}/{Service}";
}
