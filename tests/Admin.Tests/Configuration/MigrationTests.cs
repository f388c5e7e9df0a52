using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class MigrationTests
{
    [Fact]
    public async Task The_migrations_match_the_model()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await using var db = await store.OpenContextAsync();

        // Fails when someone changes an entity without running `dotnet ef migrations add`.
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestTimeout.Token));
    }
}
