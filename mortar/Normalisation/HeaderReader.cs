using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// The fields that say what a file or service is: <c>masonVersion</c>, <c>type</c>, <c>name</c>, and on a service
/// inside an application the descriptive ones it may repeat (checked, not kept).
/// </summary>
internal sealed class HeaderReader(NodeReader reader)
{
    private static readonly string SupportedVersions = string.Join(", ", MasonFields.Versions);

    public void CheckVersion(MasonObject root)
    {
        var path = MasonPath.Root.Property("masonVersion");
        var node = root["masonVersion"];
        if (node is null)
        {
            reader.Errors.Add(path, root.Position, $"required property is missing: masonVersion says how to read the file; supported versions: {SupportedVersions}", MasonErrorKind.Schema);
        }
        else if (node is not MasonString version)
        {
            reader.TypeError(path, node, "a string");
        }
        else if (!MasonFields.Versions.Contains(version.Value))
        {
            reader.Errors.Add(path, node.Position, $"{NodeText.Snippet(node)} — unknown masonVersion; supported versions: {SupportedVersions}");
        }
    }

    /// <summary>
    /// The file's <c>type</c>; when absent or wrong, inferred: a file with services or instances is an application,
    /// one with only <c>targets</c> a load balancer, any other a service.
    /// </summary>
    public MasonFileType ReadType(MasonObject root)
    {
        var inferred = root.Find("services") is not null || root.Find("instances") is not null
            ? MasonFileType.Application
            : root.Find("targets") is not null ? MasonFileType.LoadBalancer : MasonFileType.Service;
        var node = root["type"];
        if (node is null)
        {
            return inferred;
        }
        if (node is not MasonString text)
        {
            reader.TypeError(MasonPath.Root.Property("type"), node, "a string");
            return inferred;
        }
        switch (text.Value)
        {
            case "application":
                return MasonFileType.Application;
            case "service":
                return MasonFileType.Service;
            case "instance":
                return MasonFileType.Instance;
            case "loadbalancer":
                return MasonFileType.LoadBalancer;
            default:
                reader.Errors.Add(MasonPath.Root.Property("type"), node.Position,
                    $"{NodeText.Snippet(node)} — unknown type; use {NodeText.OneOf(MasonFields.FileTypes)}", MasonErrorKind.Schema);
                return inferred;
        }
    }

    /// <summary>The required <c>name</c> of <paramref name="what"/> ("mason.json", "service", "instance"); null when missing or invalid.</summary>
    public string? ReadName(MasonObject obj, MasonPath path, string what)
    {
        var namePath = path.Property("name");
        var node = obj["name"];
        if (node is null)
        {
            reader.Errors.Add(namePath, obj.Position, $"required property is missing: every {what} needs a \"name\"", MasonErrorKind.Schema);
            return null;
        }
        if (node is not MasonString name)
        {
            reader.TypeError(namePath, node, "a string");
            return null;
        }
        if (!NameSyntax.IsName(name.Value))
        {
            reader.Errors.Add(namePath, node.Position, $"{NodeText.Snippet(node)} — invalid name: {NameSyntax.NameRule}");
            return null;
        }
        return name.Value;
    }

    /// <summary>Checks the header fields a service inside an application may repeat; the application's own count.</summary>
    public void CheckServiceHeader(MasonObject service, MasonPath path)
    {
        if (service["type"] is { } typeNode && !(typeNode is MasonString type && MasonFields.ServiceTypes.Contains(type.Value)))
        {
            reader.Errors.Add(path.Property("type"), typeNode.Position,
                $"{NodeText.Snippet(typeNode)} — a service inside an application has type {NodeText.OneOf(MasonFields.ServiceTypes)}", MasonErrorKind.Schema);
        }
        if (service["masonVersion"] is { } versionNode && !(versionNode is MasonString version && MasonFields.Versions.Contains(version.Value)))
        {
            reader.Errors.Add(path.Property("masonVersion"), versionNode.Position,
                $"{NodeText.Snippet(versionNode)} — unknown masonVersion; supported versions: {SupportedVersions}");
        }
        reader.ReadString(service, "website", path);
        reader.ReadString(service, "repository", path);
        reader.ReadStringList(service, "keywords", path, []);
    }
}
