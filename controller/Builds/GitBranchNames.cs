namespace Codemason.Controller.Builds;

/// <summary>Branch names as <c>git check-ref-format --branch</c> accepts them (the rules a push could meet).</summary>
public static class GitBranchNames
{
    /// <summary>Whether git accepts <paramref name="name"/> as a branch name.</summary>
    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 255 || name.StartsWith('-') || name.StartsWith('/') || name.EndsWith('/') || name.EndsWith('.')
            || name.EndsWith(".lock", StringComparison.Ordinal) || name == "@" || name.Contains("..", StringComparison.Ordinal)
            || name.Contains("//", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal))
        {
            return false;
        }
        return !name.Any(c => c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            && !name.Split('/').Any(part => part.StartsWith('.'));
    }
}
