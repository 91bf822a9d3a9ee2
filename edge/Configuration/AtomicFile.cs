namespace Codemason.Edge.Configuration;

/// <summary>Writes a file so that readers see the old or the new contents, never a part: a temp file, then a rename.</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
