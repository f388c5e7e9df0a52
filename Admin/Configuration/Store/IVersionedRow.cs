namespace ChatWidget.Admin.Configuration;

/// <summary>
/// A row the dashboard edits. <see cref="RowVersion"/> is an optimistic concurrency token: every save that changes the
/// row (or one of its child rows) adds one, and an update or delete whose row no longer has the version it was read
/// with fails with <c>DbUpdateConcurrencyException</c> instead of silently overwriting someone else's change.
/// </summary>
public interface IVersionedRow
{
    long RowVersion { get; set; }
}
