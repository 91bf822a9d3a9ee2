using System.Formats.Tar;
using System.Text;

namespace Codemason.Testing;

/// <summary>Build contexts made in memory: a tar stream of text files, as <c>POST /build</c> reads it.</summary>
public static class BuildContext
{
    /// <summary>A tar of <paramref name="files"/> (path, text), positioned at its start.</summary>
    public static MemoryStream Tar(params (string Path, string Text)[] files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                writer.WriteEntry(entry);
            }
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>A context holding only a <c>Dockerfile</c> made of <paramref name="lines"/>.</summary>
    public static MemoryStream Dockerfile(params string[] lines) =>
        Tar(("Dockerfile", string.Join('\n', lines) + "\n"));
}
