namespace Codemason.Controller.Git;

/// <summary>git object ids as the controller accepts them from hooks and hands them to git.</summary>
public static class GitObjectIds
{
    /// <summary>Whether <paramref name="value"/> is a full object id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.</summary>
    public static bool IsObjectId(string? value)
    {
        if (value is not { Length: 40 or 64 })
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }
}
