namespace ChatWidget.Host.Sessions;

/// <summary>The key a rotation added, and from when instances sign with it (every instance accepts it once it reloaded).</summary>
public sealed record RotatedSigningKey(string KeyId, DateTimeOffset SignsFrom);
