using System.Globalization;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Services;

/// <summary>
/// Reads a service's <c>memory</c> (MiB) and <c>cpu</c> (shares), each a whole number or, as the original product
/// wrote them, a string (<see cref="ResourceSyntax"/>).
/// </summary>
internal sealed class ResourcesReader(NodeReader reader)
{
    /// <summary>The memory limit in MiB; null when absent or (reported) invalid.</summary>
    public int? ReadMemory(MasonObject node, MasonPath path) =>
        Read(node, "memory", path, ResourceSyntax.ParseMemoryMb, ResourceSyntax.MinMemoryMb, ResourceSyntax.MaxMemoryMb, "memory (MiB)", ResourceSyntax.MemoryForms);

    /// <summary>The CPU shares; null when absent or (reported) invalid.</summary>
    public int? ReadCpu(MasonObject node, MasonPath path) =>
        Read(node, "cpu", path, ResourceSyntax.ParseCpuShares, ResourceSyntax.MinCpuShares, ResourceSyntax.MaxCpuShares, "cpu (shares)", ResourceSyntax.CpuForms);

    private int? Read(MasonObject node, string field, MasonPath path, Func<string, long?> parse, long min, long max, string what, string forms)
    {
        if (node[field] is not MasonString text)
        {
            return (int?)reader.ReadInteger(node, field, path, min, max, what);
        }
        var fieldPath = path.Property(field);
        if (parse(text.Value) is not { } value)
        {
            reader.Errors.Add(fieldPath, text.Position, $"{NodeText.Snippet(text)} — expected {forms}", MasonErrorKind.Schema);
            return null;
        }
        if (value < min || value > max)
        {
            reader.Errors.Add(fieldPath, text.Position, string.Create(CultureInfo.InvariantCulture, $"{NodeText.Snippet(text)} — {what} must be {min}–{max}"));
            return null;
        }
        return (int)value;
    }
}
