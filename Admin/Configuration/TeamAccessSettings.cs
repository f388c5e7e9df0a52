namespace ChatWidget.Admin.Configuration;

/// <summary>The client's own staff reach the chat with one shared, rotatable password.</summary>
/// <param name="PasswordHash">Hash produced by <see cref="TeamPasswordHasher"/>; never the password itself.</param>
/// <param name="Generation">Bumped on every rotation or switch-off, ending live team sessions.</param>
public sealed record TeamAccessSettings(bool Enabled, string? PasswordHash, string? ProfileId, long Generation)
{
    /// <summary>Team sessions carry this in place of a platform id, so no platform may be registered under it.</summary>
    public const string PlatformId = "team";

    public static TeamAccessSettings Disabled { get; } = new(false, null, null, 0);

    public override string ToString() => $"TeamAccess enabled={Enabled} generation={Generation}";
}
