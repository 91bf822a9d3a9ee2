using Codemason.Identity;
using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Container;

/// <summary>
/// Reads <c>volumes</c>: a list <c>["name:/path", "./host:/path:ro", "/path"]</c> or an object
/// <c>{"name-or-host": "/path[:ro]"}</c>; relative host paths resolve under <paramref name="hostPathBase"/>. With a
/// <paramref name="policy"/>, a bind mount it forbids is an error at its entry.
/// </summary>
internal sealed class VolumesReader(NodeReader reader, string hostPathBase, HostPolicyRules? policy = null, string app = "")
{
    public void Read(MasonObject node, MasonPath path, ServiceDraft service)
    {
        var volumesPath = path.Property("volumes");
        var targets = new HashSet<string>(StringComparer.Ordinal);
        switch (node["volumes"])
        {
            case null:
                return;
            case MasonArray list:
                foreach (var (text, itemPath) in reader.ItemsOf<MasonString>(list, volumesPath, "a string such as \"data:/var/lib/data\""))
                {
                    Add(text.Value, itemPath, text, text.Value, service, targets);
                }
                return;
            case MasonObject map:
                foreach (var property in map.Properties)
                {
                    var itemPath = volumesPath.Property(property.Name);
                    if (property.Value is MasonString text)
                    {
                        Add($"{property.Name}:{text.Value}", itemPath, text, $"{property.Name}: {text.Value}", service, targets);
                    }
                    else
                    {
                        reader.TypeError(itemPath, property.Value, "a string container path such as \"/var/lib/data\"");
                    }
                }
                return;
            case var other:
                reader.TypeError(volumesPath, other, "an array [\"name:/path\"] or an object {\"name\": \"/path\"}");
                return;
        }
    }

    /// <summary>Adds the volume <paramref name="spec"/> unless it is invalid or mounts a path another volume of the service mounts.</summary>
    private void Add(string spec, MasonPath itemPath, MasonNode itemNode, string shown, ServiceDraft service, HashSet<string> targets)
    {
        var problem = VolumeSyntax.TryParse(spec, hostPathBase, out var volume);
        if (problem is not null)
        {
            reader.Errors.Add(itemPath, itemNode.Position, $"\"{shown}\" — {problem}");
        }
        else if (volume!.Kind == VolumeKind.Bind && policy?.RefuseBind(volume.Source!, app) is { } refusal)
        {
            reader.Errors.Add(itemPath, itemNode.Position, $"\"{shown}\" — {refusal}", MasonErrorKind.Policy);
        }
        else if (!targets.Add(volume.Target))
        {
            reader.Errors.Add(itemPath, itemNode.Position, $"\"{shown}\" — {volume.Target} is already mounted by another volume of this service");
        }
        else
        {
            service.Volumes.Add(volume);
        }
    }
}
