using Codemason.Mortar.Model;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Volume strings: <c>"/path"</c> (anonymous), <c>"name:/path"</c> (named), <c>"/host:/path"</c> or
/// <c>"./host:/path"</c> (bind; relative paths resolved under the app's host directory), each optionally
/// followed by <c>:ro</c> or <c>:rw</c>.
/// </summary>
internal static class VolumeSyntax
{
    public static string? TryParse(string text, string hostPathBase, out VolumeSpec? volume)
    {
        volume = null;
        var parts = text.Split(':');
        if (parts.Length > 3)
        {
            return "too many ':'; the forms are /path, source:/path and source:/path:ro";
        }
        var readOnly = false;
        if (parts.Length == 3)
        {
            switch (parts[2])
            {
                case "ro":
                    readOnly = true;
                    break;
                case "rw":
                    break;
                default:
                    return $"unknown mode \"{parts[2]}\"; use ro or rw";
            }
        }
        var target = parts.Length == 1 ? parts[0] : parts[1];
        if (!target.StartsWith('/') || target == "/")
        {
            return target.Length == 0 ? "the container path is missing" : $"container path \"{target}\" must be absolute (start with '/') and not be '/'";
        }
        if (parts.Length == 1)
        {
            volume = new VolumeSpec(VolumeKind.Anonymous, null, target);
            return null;
        }
        var source = parts[0];
        if (source.Length == 0)
        {
            return "the source before ':' is empty";
        }
        if (source.StartsWith('~'))
        {
            return "'~' is not expanded on the server; use an absolute path or a path relative to the app directory (./data)";
        }
        if (source.StartsWith('/'))
        {
            volume = new VolumeSpec(VolumeKind.Bind, NormalisePath(source), target, readOnly);
            return null;
        }
        if (source.StartsWith('.'))
        {
            var combined = NormalisePath(hostPathBase.TrimEnd('/') + "/" + source);
            var root = NormalisePath(hostPathBase);
            if (combined != root && !combined.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                return "a relative host path must stay inside the app directory";
            }
            volume = new VolumeSpec(VolumeKind.Bind, combined, target, readOnly);
            return null;
        }
        if (!NameSyntax.IsName(source))
        {
            return $"volume name \"{source}\" is invalid: {NameSyntax.NameRule} (host paths start with '/' or './')";
        }
        volume = new VolumeSpec(VolumeKind.Named, source, target, readOnly);
        return null;
    }

    /// <summary>Collapses "//", "." and ".." segments of an absolute path.</summary>
    private static string NormalisePath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(segment);
        }
        return "/" + string.Join('/', segments);
    }
}
