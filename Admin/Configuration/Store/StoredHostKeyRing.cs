namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Host's key ring (access-token signing keys and the learner-hash key) when the database is PostgreSQL, so that every
/// instance signs and verifies with the same keys. Admin only stores it: the content is Data Protection ciphertext
/// that Host writes and reads. With SQLite the ring stays in <c>DataDirectory/host-keys.json</c> and this table is empty.
/// </summary>
public sealed class StoredHostKeyRing
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The protected ring, byte for byte what <c>host-keys.json</c> holds with SQLite.</summary>
    public required string ProtectedKeys { get; set; }

    /// <summary>Incremented by every write; a writer replaces only the revision it read, so concurrent rotations cannot lose one.</summary>
    public long Revision { get; set; }
}
