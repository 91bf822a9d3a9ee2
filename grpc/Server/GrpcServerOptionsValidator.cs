using Microsoft.Extensions.Options;

namespace Codemason.Grpc.Server;

/// <summary>The attribute rules of <see cref="GrpcServerOptions"/> ([Range], …), checked by generated code, without reflection.</summary>
[OptionsValidator]
internal sealed partial class GrpcServerOptionsValidator : IValidateOptions<GrpcServerOptions>;
