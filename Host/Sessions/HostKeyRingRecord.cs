namespace ChatWidget.Host.Sessions;

/// <summary>
/// The ring as stored: Data Protection ciphertext, and a revision that changes with every write, so that a reload can
/// tell whether anything changed and a rotation can replace exactly the ring it read.
/// </summary>
public sealed record HostKeyRingRecord(string ProtectedKeys, long Revision)
{
    /// <summary>Ciphertext only, but still nothing a log needs.</summary>
    public override string ToString() => $"HostKeyRingRecord {{ Revision = {Revision} }}";
}
