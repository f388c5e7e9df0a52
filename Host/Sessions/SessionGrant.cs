using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Sessions;

/// <summary>Whether the grant a session was issued under still stands in the current configuration.</summary>
public static class SessionGrant
{
    /// <summary>Null while the grant stands; otherwise why it was revoked (for the server log only).</summary>
    public static string? RevocationReason(ChatSession session, ConfigurationSnapshot snapshot)
    {
        if (session.IsTeam)
        {
            var team = snapshot.Team;
            if (!team.Enabled) return "team access is switched off";
            if (team.Generation != session.Generation) return "team password was rotated";
            if (team.ProfileId != session.ProfileId) return "team profile changed";
        }
        else
        {
            if (!snapshot.Platforms.TryGetValue(session.PlatformId, out var platform)) return "platform no longer registered";
            if (!platform.Enabled) return "platform disabled";
            if (platform.Generation != session.Generation) return "platform grant generation changed";
            // An administrator who withdraws an origin or a profile from a platform ends the sessions that used it.
            if (session.Origin is not null && !platform.AllowedOrigins.Contains(session.Origin, StringComparer.OrdinalIgnoreCase))
                return "origin no longer allowed for the platform";
            if (!platform.Profiles.Contains(session.ProfileId, StringComparer.Ordinal) && platform.DefaultProfile != session.ProfileId)
                return "profile no longer allowed for the platform";
        }

        return snapshot.Profiles.ContainsKey(session.ProfileId) ? null : "profile no longer exists";
    }
}
