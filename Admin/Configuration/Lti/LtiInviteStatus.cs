namespace ChatWidget.Admin.Configuration;

/// <summary>Where a registration link stands, as the dashboard lists it.</summary>
public enum LtiInviteStatus
{
    /// <summary>Not used yet and not expired: a platform can still register with it.</summary>
    Open,

    /// <summary>A platform opened it a moment ago and the registration is under way.</summary>
    Registering,

    /// <summary>A platform registered with it (<see cref="LtiInvite.PlatformId"/>).</summary>
    Used,

    /// <summary>Its lifetime ran out before a platform used it.</summary>
    Expired,
}
