namespace Codemason.Controller.Registry;

/// <summary>Signs registry tokens the environments' registries accept (their <c>rootcertbundle</c> is the controller's CA).</summary>
public interface IRegistryTokenIssuer
{
    /// <summary>The service name (audience) tokens are for.</summary>
    string Service { get; }

    /// <summary>The issuer name tokens carry.</summary>
    string Issuer { get; }

    /// <summary>A token for <paramref name="subject"/> granting exactly <paramref name="access"/> (may be empty).</summary>
    RegistryToken Issue(string subject, IReadOnlyList<RegistryAccess> access);
}
