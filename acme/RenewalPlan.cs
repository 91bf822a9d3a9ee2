namespace Codemason.Acme;

/// <summary>
/// What <see cref="CertificateRenewal.Plan"/> decided: renew now, or not before <see cref="At"/> (equal to the
/// <c>now</c> it was given when <see cref="RenewNow"/>).
/// </summary>
public sealed record RenewalPlan(bool RenewNow, DateTimeOffset At, RenewalReason Reason);
