using Microsoft.Extensions.Options;

namespace Codemason.Agent.Configuration;

/// <summary>The attribute rules of <see cref="AgentOptions"/> ([Required], [Range], …), checked by generated code, without reflection.</summary>
[OptionsValidator]
public sealed partial class AgentOptionsAttributesValidator : IValidateOptions<AgentOptions>;
