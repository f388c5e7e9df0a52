namespace ChatWidget.Host.Sessions;

/// <summary>
/// Where <see cref="HostKeyRing"/> keeps its protected ring: a file in the data directory with SQLite
/// (<see cref="HostKeyRingFileStore"/>), a row of the shared database with PostgreSQL (<see cref="HostKeyRingDatabaseStore"/>),
/// so that every instance signs and verifies with the same keys.
/// </summary>
public interface IHostKeyRingStore
{
    /// <summary>Names the place for operators' messages, e.g. "the host key file /srv/chatwidget/data/host-keys.json".</summary>
    string Location { get; }

    /// <summary>The stored ring, or null when none was stored yet.</summary>
    Task<HostKeyRingRecord?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the first ring; null when another process stored one first (read that one instead).</summary>
    Task<HostKeyRingRecord?> TryCreateAsync(string protectedKeys, CancellationToken cancellationToken);

    /// <summary>Replaces <paramref name="current"/>; null when another process replaced it since it was read.</summary>
    Task<HostKeyRingRecord?> TryReplaceAsync(HostKeyRingRecord current, string protectedKeys, CancellationToken cancellationToken);
}
