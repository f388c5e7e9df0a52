using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Usage;

/// <summary>
/// The usage aggregates in the configuration database: written in batches by every Host instance (each row grows by
/// an atomic upsert, so instances sharing PostgreSQL never lose each other's counts), read by the Usage page.
/// </summary>
public sealed class UsageStore(IDbContextFactory<ConfigurationDbContext> contexts)
{
    // The same text runs on SQLite and PostgreSQL; qualified columns keep PostgreSQL from reading the proposed row's.
    private const string AddDay =
        """
        INSERT INTO "UsageDays" ("Day", "PlatformId", "ProfileId", "ModelId", "Turns", "PromptTokens", "CompletionTokens", "Errors", "Fallbacks")
        VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})
        ON CONFLICT ("Day", "PlatformId", "ProfileId", "ModelId") DO UPDATE SET
            "Turns" = "UsageDays"."Turns" + excluded."Turns",
            "PromptTokens" = "UsageDays"."PromptTokens" + excluded."PromptTokens",
            "CompletionTokens" = "UsageDays"."CompletionTokens" + excluded."CompletionTokens",
            "Errors" = "UsageDays"."Errors" + excluded."Errors",
            "Fallbacks" = "UsageDays"."Fallbacks" + excluded."Fallbacks"
        """;

    private const string AddBucket =
        """
        INSERT INTO "UsageFirstTokenBuckets" ("Day", "PlatformId", "ProfileId", "ModelId", "Bucket", "Count")
        VALUES ({0}, {1}, {2}, {3}, {4}, {5})
        ON CONFLICT ("Day", "PlatformId", "ProfileId", "ModelId", "Bucket") DO UPDATE SET
            "Count" = "UsageFirstTokenBuckets"."Count" + excluded."Count"
        """;

    /// <summary>Adds a batch of tallies in one transaction.</summary>
    public async Task AddAsync(IReadOnlyCollection<UsageTally> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var tally in batch)
        {
            var (day, platform, profile, model) = tally.Key;
            await db.Database.ExecuteSqlRawAsync(AddDay, [day.DayNumber, platform, profile, model, tally.Turns, tally.PromptTokens,
                tally.CompletionTokens, tally.Errors, tally.Fallbacks], cancellationToken);
            for (var bucket = 0; bucket < tally.FirstTokenBuckets.Length; bucket++)
            {
                if (tally.FirstTokenBuckets[bucket] == 0) continue;
                await db.Database.ExecuteSqlRawAsync(AddBucket, [day.DayNumber, platform, profile, model, bucket, tally.FirstTokenBuckets[bucket]],
                    cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes every day before <paramref name="firstKept"/>; returns how many day rows went.</summary>
    public async Task<int> PurgeAsync(DateOnly firstKept, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<StoredFirstTokenBucket>().Where(b => b.Day < firstKept).ExecuteDeleteAsync(cancellationToken);
        return await db.Set<StoredUsageDay>().Where(d => d.Day < firstKept).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The day rows and first-token buckets of a date range (inclusive), optionally of one platform, profile or model.</summary>
    public async Task<UsageRows> ReadAsync(UsageFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var days = await Filter(db.Set<StoredUsageDay>(), filter).AsNoTracking().ToListAsync(cancellationToken);
        var buckets = await Filter(db.Set<StoredFirstTokenBucket>(), filter).AsNoTracking().ToListAsync(cancellationToken);
        return new UsageRows(days, buckets);
    }

    public async Task<IReadOnlyDictionary<string, StoredModelPrice>> PricesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<StoredModelPrice>().AsNoTracking().ToDictionaryAsync(p => p.ModelId, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Sets a model's prices (both null removes them), with an audit entry in the same save.</summary>
    public async Task SavePriceAsync(string actor, string modelId, decimal? inputPerMillion, decimal? outputPerMillion, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var price = await db.Set<StoredModelPrice>().FindAsync([modelId], cancellationToken);
        var before = price is null ? null : new { price.InputPerMillion, price.OutputPerMillion };
        if (inputPerMillion is null && outputPerMillion is null)
        {
            if (price is not null) db.Remove(price);
        }
        else
        {
            price ??= db.Add(new StoredModelPrice { ModelId = modelId }).Entity;
            price.InputPerMillion = inputPerMillion ?? 0;
            price.OutputPerMillion = outputPerMillion ?? 0;
        }

        AuditTrail.Record(db, actor, "usage.price", "model", modelId, before,
            inputPerMillion is null && outputPerMillion is null ? null : new { InputPerMillion = inputPerMillion ?? 0, OutputPerMillion = outputPerMillion ?? 0 });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static IQueryable<T> Filter<T>(IQueryable<T> rows, UsageFilter filter) where T : class, IUsageRow
    {
        rows = rows.Where(d => d.Day >= filter.From && d.Day <= filter.To);
        if (filter.PlatformId is { } platform) rows = rows.Where(d => d.PlatformId == platform);
        if (filter.ProfileId is { } profile) rows = rows.Where(d => d.ProfileId == profile);
        if (filter.ModelId is { } model) rows = rows.Where(d => d.ModelId == model);
        return rows;
    }
}

/// <summary>A date range (inclusive, UTC days) and optional ids to narrow it to.</summary>
public sealed record UsageFilter(DateOnly From, DateOnly To, string? PlatformId = null, string? ProfileId = null, string? ModelId = null);

public sealed record UsageRows(IReadOnlyList<StoredUsageDay> Days, IReadOnlyList<StoredFirstTokenBucket> Buckets);
