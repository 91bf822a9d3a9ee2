namespace Codemason.Controller.Tls;

/// <summary>A TLS file in the data directory cannot be read, parsed or written; the controller refuses to start.</summary>
public sealed class ControllerTlsException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    /// <summary>The file at fault.</summary>
    public string Path { get; } = path;
}
