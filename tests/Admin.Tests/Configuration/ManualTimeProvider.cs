namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>A clock the test moves by hand, so refresh intervals are tested without sleeping.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
