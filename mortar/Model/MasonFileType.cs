namespace Codemason.Mortar.Model;

/// <summary>The <c>type</c> of a mason.json, given or inferred (a file with <c>services</c>/<c>instances</c> is an application).</summary>
public enum MasonFileType
{
    Application,
    Service,
    Instance,
}
