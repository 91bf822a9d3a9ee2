using System.Text;

namespace Codemason.Mortar.Normalisation;

/// <summary>Splits a command string into arguments the way a POSIX shell would (quotes and backslashes; no expansion).</summary>
internal static class CommandLine
{
    public static string? TrySplit(string text, out List<string> arguments)
    {
        arguments = [];
        var current = new StringBuilder();
        var inArgument = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inArgument)
                    {
                        arguments.Add(current.ToString());
                        current.Clear();
                        inArgument = false;
                    }
                    break;
                case '\'':
                    inArgument = true;
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return "unclosed single quote";
                    }
                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inArgument = true;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            return "unclosed double quote";
                        }
                        if (text[i] == '"')
                        {
                            break;
                        }
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }
                        current.Append(text[i]);
                        i++;
                    }
                    break;
                case '\\':
                    inArgument = true;
                    if (i + 1 < text.Length)
                    {
                        current.Append(text[++i]);
                    }
                    break;
                default:
                    inArgument = true;
                    current.Append(c);
                    break;
            }
        }
        if (inArgument)
        {
            arguments.Add(current.ToString());
        }
        return arguments.Count == 0 ? "the command is empty" : null;
    }
}
