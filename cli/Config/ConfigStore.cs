using System.Text.Json;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Config;

/// <summary>
/// Reads and writes <c>config.json</c>. The file holds a token, so it is written with mode 0600 (and its
/// directory 0700), through a temporary file and a rename so a crash never leaves half a file.
/// </summary>
internal sealed class ConfigStore(string path)
{
    /// <summary>Owner read/write only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Path { get; } = path;

    /// <summary>The stored config; an empty one when the file does not exist.</summary>
    public CliConfig Load()
    {
        if (!File.Exists(Path))
        {
            return new CliConfig();
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path), CliJsonContext.Default.CliConfig) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"the config file {Path} is not valid JSON ({e.Message})", "fix it, or delete it and run mason login again", e);
        }
    }

    public void Save(CliConfig config)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = FileMode,
        };
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, config, CliJsonContext.Default.CliConfig);
        }
        // UnixCreateMode only applies to new files; a leftover temporary file keeps its old mode otherwise.
        File.SetUnixFileMode(temporary, FileMode);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Removes the file; false when there was none.</summary>
    public bool Delete()
    {
        if (!File.Exists(Path))
        {
            return false;
        }
        File.Delete(Path);
        return true;
    }
}
