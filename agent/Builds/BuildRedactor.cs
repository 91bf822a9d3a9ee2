namespace Codemason.Agent.Builds;

/// <summary>
/// Keeps a build's secrets (build argument values, the registry password) out of what it reports: every occurrence in a
/// line or an error becomes <see cref="Mask"/>. Values shorter than <see cref="MinLength"/> characters are left alone:
/// masking every "1" of <c>DEBUG=1</c> would garble the output and hide nothing.
/// </summary>
public sealed class BuildRedactor
{
    /// <summary>What a secret reads as.</summary>
    public const string Mask = "***";

    /// <summary>Shortest value treated as a secret: 4 characters.</summary>
    public const int MinLength = 4;

    private readonly string[] _secrets;

    public BuildRedactor(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. secrets.Where(s => s.Length >= MinLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    }

    /// <summary><paramref name="text"/> with every secret masked.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
