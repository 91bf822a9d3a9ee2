using Microsoft.Extensions.Options;

namespace Codemason.Agent.Builds;

/// <summary>The attribute rules of <see cref="BuildOptions"/>, checked by generated code, without reflection.</summary>
[OptionsValidator]
public sealed partial class BuildOptionsAttributesValidator : IValidateOptions<BuildOptions>;
