using System.Globalization;

namespace Codemason.Compose;

/// <summary>
/// One thing the conversion reports, where it was written and what to do instead:
/// <c>docker-compose.yml:12:5: warning: services.web.container_name: mason names containers itself (…)</c>.
/// </summary>
/// <param name="Severity">Warning (converted anyway) or error (nothing produced).</param>
/// <param name="File">The file as the user named it (the compose file, an env file).</param>
/// <param name="Line">1-based line; 0 when the problem is about the whole file.</param>
/// <param name="Column">1-based column; 0 with <paramref name="Line"/> 0.</param>
/// <param name="Key">The compose path, e.g. <c>services.web.ports[0]</c>; empty for the file itself.</param>
/// <param name="Message">What happened and what to do about it.</param>
public sealed record ComposeDiagnostic(ComposeSeverity Severity, string File, int Line, int Column, string Key, string Message)
{
    /// <summary>The compiler-style line, so terminals and editors can jump to it.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}") : File;
        var severity = Severity == ComposeSeverity.Error ? "error" : "warning";
        return Key.Length > 0 ? $"{where}: {severity}: {Key}: {Message}" : $"{where}: {severity}: {Message}";
    }
}
