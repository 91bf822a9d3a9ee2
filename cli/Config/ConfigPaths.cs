namespace Codemason.Cli.Config;

/// <summary>Where the config file lives: <c>--config</c>, else <c>CODEMASON_CONFIG</c>, else <c>$XDG_CONFIG_HOME/codemason/config.json</c>, else <c>~/.config/codemason/config.json</c>.</summary>
internal static class ConfigPaths
{
    public const string FileName = "config.json";
    public const string DirectoryName = "codemason";

    public static string Resolve(string? explicitPath, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }
        if (environment(EnvironmentVariables.Config) is { Length: > 0 } fromVariable)
        {
            return Path.GetFullPath(fromVariable);
        }
        if (environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, DirectoryName, FileName);
        }
        var home = environment("HOME") is { Length: > 0 } h ? h : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", DirectoryName, FileName);
    }
}
