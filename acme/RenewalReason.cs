namespace Codemason.Acme;

/// <summary>Why a <see cref="RenewalPlan"/> says what it says.</summary>
public enum RenewalReason
{
    /// <summary>There is no certificate yet: issue one now (or after the backoff of earlier failures).</summary>
    Missing,

    /// <summary>The certificate is past two thirds of its life: renew it.</summary>
    Due,

    /// <summary>The certificate has expired: renew it (the edge serves it anyway, or the self-signed one).</summary>
    Expired,

    /// <summary>The certificate is good for now: wait until two thirds of its life.</summary>
    NotDue,

    /// <summary>Renewing is due but the last attempt failed recently: wait out the backoff.</summary>
    BackingOff,
}
