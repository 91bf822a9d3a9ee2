namespace Codemason.Agent.Registry;

/// <summary>
/// Keeps the engine's trust matching the latest registry address: trusts the CA for it and forgets the address trusted
/// before when it changes or becomes empty. Remembers only what this process wrote: a folder left by an earlier run for
/// an address no longer used stays until removed by hand (it only makes the engine trust the controller's CA there).
/// </summary>
public sealed class RegistryTrustTracker(RegistryTrust trust)
{
    private readonly Lock _gate = new();
    private string _trusted = "";

    /// <summary>The address trusted now; empty when none.</summary>
    public string Trusted
    {
        get
        {
            lock (_gate)
            {
                return _trusted;
            }
        }
    }

    /// <summary>
    /// Trusts <paramref name="caPem"/> for <paramref name="address"/> (nothing when either is empty) and forgets the
    /// previous address when it was another. A malformed address or CA: <see cref="ArgumentException"/>, after the
    /// previous address was forgotten (trust never outlives the address it was for).
    /// </summary>
    public void Follow(string address, string caPem)
    {
        lock (_gate)
        {
            if (_trusted.Length > 0 && !string.Equals(_trusted, address, StringComparison.Ordinal))
            {
                trust.Forget(_trusted);
                _trusted = "";
            }
            if (string.IsNullOrEmpty(address) || string.IsNullOrEmpty(caPem))
            {
                if (address is { Length: > 0 } && RegistryTrust.IsRegistryName(address))
                {
                    trust.Forget(address);
                }
                return;
            }
            trust.Trust(address, caPem);
            _trusted = address;
        }
    }
}
