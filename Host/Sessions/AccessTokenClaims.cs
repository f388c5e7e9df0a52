namespace ChatWidget.Host.Sessions;

/// <summary>Claim names of Host's access tokens (contract §4).</summary>
public static class AccessTokenClaims
{
    public const string SessionId = "sid";
    public const string Platform = "platform";
    public const string Profile = "profile";
    public const string Origin = "origin";
    public const string LearnerHash = "lh";
    public const string Generation = "gen";
    public const string SessionExpiresAt = "session_exp";
}
