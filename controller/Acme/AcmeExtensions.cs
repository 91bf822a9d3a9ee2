using Microsoft.Extensions.Options;

namespace Codemason.Controller.Acme;

/// <summary>Registers automatic HTTPS (docs/edge.md, "ACME").</summary>
public static class AcmeExtensions
{
    /// <summary>Adds <see cref="AcmeOptions"/>, validated at start, and the <see cref="CertificateReconciler"/> (idle while ACME is off).</summary>
    public static IHostApplicationBuilder AddAcme(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AcmeOptions>()
            .Bind(builder.Configuration.GetSection(AcmeOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AcmeOptions>, AcmeOptionsValidator>();
        builder.Services.AddHostedService<CertificateReconciler>();
        return builder;
    }
}
