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
}
