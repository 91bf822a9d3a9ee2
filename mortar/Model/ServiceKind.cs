namespace Codemason.Mortar.Model;

/// <summary>Where a service was declared: <c>services[]</c> (or a service file) or the legacy <c>instances[]</c> (or an instance file). Both run the same way.</summary>
public enum ServiceKind
{
    Service,
    Instance,
}
