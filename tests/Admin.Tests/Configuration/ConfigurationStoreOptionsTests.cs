using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class ConfigurationStoreOptionsTests
{
    [Fact]
    public async Task Defaults_resolve_the_data_directory_against_the_content_root()
    {
        await using var store = ConfigurationStoreHarness.Create();

        var options = store.Services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;

        Assert.Equal(Path.Combine(store.Root, "data"), options.DataDirectory);
        Assert.Equal(5, options.ConfigurationRefreshSeconds);
        Assert.Null(options.SeedFile);
        Assert.Equal("http://localhost:5081", options.Demo.PartnerOrigin);
    }

    [Fact]
    public async Task Start_up_creates_the_data_directory_and_database()
    {
        await using var store = ConfigurationStoreHarness.Create();
        Assert.False(Directory.Exists(store.DataDirectory));

        await store.Services.PrepareConfigurationStoreAsync(TestTimeout.Token);

        Assert.True(File.Exists(store.DatabasePath));
    }

    [Theory]
    [InlineData("ChatWidget:ConfigurationRefreshSeconds", "0", "ChatWidget:ConfigurationRefreshSeconds must be between 1 and 3600 (was 0)")]
    [InlineData("ChatWidget:SeedFile", "missing.json", "ChatWidget:SeedFile: the file")]
    [InlineData("ChatWidget:Demo:PartnerOrigin", "localhost:5081/page", "ChatWidget:Demo:PartnerOrigin must be an origin")]
    [InlineData("ChatWidget:DataDirectory", " ", "ChatWidget:DataDirectory must name a directory")]
    public async Task A_bad_setting_fails_start_up_naming_the_setting(string key, string value, string expected)
    {
        await using var store = ConfigurationStoreHarness.Create(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => store.Host.StartAsync(TestTimeout.Token));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("Mysql", null, "ChatWidget:Database:Provider must be Sqlite or Postgres (was \"Mysql\")")]
    [InlineData("Postgres", null, "ConnectionStrings:ChatWidget must be set when ChatWidget:Database:Provider is Postgres")]
    [InlineData("postgres", "Username=chatwidget;Password=hunter2-hunter2", "ConnectionStrings:ChatWidget names no Host")]
    [InlineData("Postgres", "Host=db;Password=hunter2-hunter2;Colour=blue", "ConnectionStrings:ChatWidget is not a PostgreSQL connection string")]
    public async Task A_bad_database_setting_fails_start_up_naming_the_setting_and_never_the_password(string provider, string? connectionString, string expected)
    {
        await using var store = ConfigurationStoreHarness.Create(new Dictionary<string, string?>
        {
            ["ChatWidget:Database:Provider"] = provider,
            ["ConnectionStrings:ChatWidget"] = connectionString,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => store.Host.StartAsync(TestTimeout.Token));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("Sqlite", false)]
    [InlineData("SQLITE", false)]
    [InlineData("Postgres", true)]
    [InlineData("PostgreSQL", true)]
    public async Task The_provider_is_read_in_any_letter_case(string provider, bool postgres)
    {
        await using var store = ConfigurationStoreHarness.Create(new Dictionary<string, string?>
        {
            ["ChatWidget:Database:Provider"] = provider,
            ["ConnectionStrings:ChatWidget"] = "Host=127.0.0.1;Database=chatwidget",
        });

        var options = store.Services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;

        Assert.Equal(postgres, options.Database.UsesPostgres);
    }
}
