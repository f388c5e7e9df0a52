namespace ChatWidget.Host.Sessions;

/// <summary>
/// Remembers which launch tokens were already exchanged, until they expire. In memory by default; a shared
/// store (e.g. Redis) is needed when several Host instances serve one platform.
/// </summary>
public interface ILaunchTokenReplayStore
{
    /// <summary>True the first time a (platform, jti) pair is seen before <paramref name="expiresAt"/>; false for a replay.</summary>
    ValueTask<bool> TryConsumeAsync(string platformId, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
