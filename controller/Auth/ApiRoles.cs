using Codemason.Proto.V1;

namespace Codemason.Controller.Auth;

/// <summary>The text and wire forms of <see cref="ApiRole"/>.</summary>
public static class ApiRoles
{
    /// <summary>"admin", "deployer" or "viewer".</summary>
    public static string Format(ApiRole role) => role switch
    {
        ApiRole.Admin => "admin",
        ApiRole.Deployer => "deployer",
        ApiRole.Viewer => "viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>The role of a wire value; null for UNSPECIFIED or an unknown number.</summary>
    public static ApiRole? FromWire(TokenRole role) => role switch
    {
        TokenRole.Admin => ApiRole.Admin,
        TokenRole.Deployer => ApiRole.Deployer,
        TokenRole.Viewer => ApiRole.Viewer,
        _ => null,
    };

    /// <summary>The wire value of a role.</summary>
    public static TokenRole ToWire(ApiRole role) => role switch
    {
        ApiRole.Admin => TokenRole.Admin,
        ApiRole.Deployer => TokenRole.Deployer,
        ApiRole.Viewer => TokenRole.Viewer,
        _ => TokenRole.Unspecified,
    };
}
