using System.Text;

namespace Codemason.Compose.Conversion;

/// <summary>Compose's project name rule: lower case, only letters, digits, '_' and '-', starting with a letter or digit.</summary>
internal static class ProjectName
{
    public static string Normalise(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || (text.Length > 0 && c is '_' or '-'))
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
