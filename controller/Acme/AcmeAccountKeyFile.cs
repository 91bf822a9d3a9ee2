using Codemason.Acme;

namespace Codemason.Controller.Acme;

/// <summary>
/// The ACME account key, generated once and kept in the controller's data directory
/// (<see cref="AcmeOptions.AccountKeyFileName"/>, readable by the owner only, like the admin token): the key is the
/// account, so the CA finds the same one again after a restart.
/// </summary>
public static class AcmeAccountKeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The key in <paramref name="dataDirectory"/>, made and written first when there is none.</summary>
    /// <exception cref="ArgumentException">The file exists but holds no ECDSA P-256 private key.</exception>
    public static AcmeAccountKey LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, AcmeOptions.AccountKeyFileName);
        if (File.Exists(path))
        {
            return AcmeAccountKey.FromPem(File.ReadAllText(path));
        }
        Directory.CreateDirectory(dataDirectory, OwnerOnly | UnixFileMode.UserExecute);
        var key = AcmeAccountKey.Generate();
        try
        {
            // CreateNew: of two writers, the second fails here and reads the first one's key instead.
            using (var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key.ExportPem() + "\n");
            }
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            key.Dispose();
            return AcmeAccountKey.FromPem(File.ReadAllText(path));
        }
    }
}
