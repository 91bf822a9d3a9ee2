using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>A link on its way to a <see cref="LinkSpec"/>: resolved inside the app, or left for discovery.</summary>
internal sealed record LinkDraft(LinkReference Reference, string Raw, MasonPath Path, SourcePosition Position)
{
    public LinkSpec? Resolved { get; set; }
}
