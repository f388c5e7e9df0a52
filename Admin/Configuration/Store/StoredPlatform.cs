namespace ChatWidget.Admin.Configuration;

/// <summary>A partner platform row.</summary>
public sealed class StoredPlatform : IVersionedRow
{
    public required string Id { get; set; }
    public required string Issuer { get; set; }
    public string Audience { get; set; } = PlatformSettings.DefaultAudience;
    public List<string> Algorithms { get; set; } = [];
    public List<StoredPlatformKey> Keys { get; set; } = [];
    public string? JwksUrl { get; set; }
    public List<string> AllowedOrigins { get; set; } = [];
    public List<string> Profiles { get; set; } = [];
    public required string DefaultProfile { get; set; }
    public int MaxLaunchTokenLifetimeSeconds { get; set; } = PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds;
    public bool Enabled { get; set; } = true;

    /// <summary>Bumped when the platform is disabled or its keys change; access tokens carry it, so older ones stop working.</summary>
    public long Generation { get; set; } = 1;

    public bool FromSeed { get; set; }

    /// <summary>LTI 1.3 client id the platform assigned to ChatWidget; null when the platform does not launch by LTI.</summary>
    public string? LtiClientId { get; set; }
    public string? LtiAuthorizationUrl { get; set; }
    public List<string> LtiDeploymentIds { get; set; } = [];
    public List<StoredLtiRoleProfile> LtiRoleProfiles { get; set; } = [];

    public long RowVersion { get; set; }
}
