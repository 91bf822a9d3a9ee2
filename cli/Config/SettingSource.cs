namespace Codemason.Cli.Config;

/// <summary>Where a resolved setting came from, for <c>mason whoami</c> and error messages.</summary>
internal enum SettingSource
{
    /// <summary>Not set anywhere.</summary>
    None,

    /// <summary>A command-line flag.</summary>
    Flag,

    /// <summary>An environment variable.</summary>
    EnvironmentVariable,

    /// <summary>The config file.</summary>
    ConfigFile,

    /// <summary>The built-in default.</summary>
    Default,
}
