using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Usage;

/// <summary>The usage tables of <see cref="ConfigurationDbContext"/>: days as day numbers so both providers compare them as integers.</summary>
public static class UsageModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<StoredUsageDay>(day =>
        {
            day.ToTable("UsageDays");
            day.HasKey(d => new { d.Day, d.PlatformId, d.ProfileId, d.ModelId });
            day.Property(d => d.Day).HasConversion(v => v.DayNumber, v => DateOnly.FromDayNumber(v));
        });

        builder.Entity<StoredFirstTokenBucket>(bucket =>
        {
            bucket.ToTable("UsageFirstTokenBuckets");
            bucket.HasKey(b => new { b.Day, b.PlatformId, b.ProfileId, b.ModelId, b.Bucket });
            bucket.Property(b => b.Day).HasConversion(v => v.DayNumber, v => DateOnly.FromDayNumber(v));
        });

        builder.Entity<StoredModelPrice>(price =>
        {
            price.ToTable("ModelPrices");
            price.HasKey(p => p.ModelId);
        });
    }
}
