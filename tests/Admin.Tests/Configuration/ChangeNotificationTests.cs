using ChatWidget.Admin.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>
/// Who <see cref="ConfigurationDbContext"/> tells about a save, with a mocked <see cref="IConfigurationChangeNotifier"/>
/// (the seam through which this process's live configuration and, with Redis, the other instances hear of a change):
/// once per configuration save, after it is written; never for a save that Host cannot see (a draft, the audit log).
/// </summary>
public sealed class ChangeNotificationTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"chatwidget-notify-{Guid.NewGuid():N}.db");
    private readonly Mock<IConfigurationChangeNotifier> _notifier = new(MockBehavior.Strict);
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection().AddSingleton(_notifier.Object).BuildServiceProvider();
        await using var db = Open();
        await db.Database.MigrateAsync(TestTimeout.Token);
    }

    private ConfigurationDbContext Open() => new(new DbContextOptionsBuilder<ConfigurationDbContext>()
        .UseSqlite($"Data Source={_path}").UseApplicationServiceProvider(_services).Options);

    [Fact]
    public async Task A_configuration_save_notifies_once_after_the_row_and_the_version_stamp_are_written()
    {
        long? versionSeen = null;
        _notifier.Setup(n => n.NotifyChanged()).Callback(() =>
        {
            // Another context, as the live configuration reloads: the change is already readable.
            using var reader = Open();
            Assert.True(reader.Models.Any(m => m.Id == "offline"));
            versionSeen = reader.Versions.Single().Version;
        });
        await using var db = Open();
        db.Models.Add(new StoredModel { Id = "offline", Provider = ModelProviders.Offline, ModelName = ModelProviders.Offline, ContextWindow = 8192 });

        await db.SaveChangesAsync(TestTimeout.Token);

        _notifier.Verify(n => n.NotifyChanged(), Times.Once);
        Assert.Equal(2, versionSeen);
    }

    [Fact]
    public async Task Saving_a_draft_or_an_audit_entry_notifies_nobody()
    {
        await using var db = Open();
        db.ProfileDrafts.Add(new StoredProfileDraft { ProfileId = "support", Json = "{}", UpdatedBy = "root@example.org" });
        AuditTrail.Record(db, "root@example.org", "profile.draft", "profile", "support");

        await db.SaveChangesAsync(TestTimeout.Token);

        _notifier.VerifyNoOtherCalls();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
