using System.Text.RegularExpressions;

namespace Codemason.Mortar.Normalisation;

/// <summary>Docker image references: validation and the registry host an image is pulled from.</summary>
internal static partial class ImageReference
{
    public const string DockerHub = "docker.io";

    public static string? Validate(string image)
    {
        if (image.Length == 0)
        {
            return "the image is empty";
        }
        if (image.Any(char.IsWhiteSpace))
        {
            return "an image reference cannot contain spaces";
        }
        var rest = image;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!DigestPattern().IsMatch(rest[(at + 1)..]))
            {
                return "the digest after '@' must look like sha256:<hex>";
            }
            rest = rest[..at];
        }
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            if (!TagPattern().IsMatch(rest[(colon + 1)..]))
            {
                return "the tag must be 1–128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
            }
            rest = rest[..colon];
        }
        var components = rest.Split('/');
        for (var i = 0; i < components.Length; i++)
        {
            var component = components[i];
            if (i == 0 && components.Length > 1 && IsRegistryHost(component))
            {
                continue;
            }
            if (!ComponentPattern().IsMatch(component))
            {
                return component.Any(char.IsAsciiLetterUpper)
                    ? "repository names must be lowercase"
                    : $"\"{component}\" is not a valid repository name component";
            }
        }
        return null;
    }

    /// <summary>The registry host of an image; <c>docker.io</c> for Docker Hub images.</summary>
    public static string RegistryHost(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IsRegistryHost(image[..slash]))
        {
            return image[..slash];
        }
        return DockerHub;
    }

    private static bool IsRegistryHost(string component) =>
        component == "localhost" || component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}
