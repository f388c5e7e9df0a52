using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatWidget.Host.Tests.Support;

/// <summary>
/// Host in process, per test: its own temporary data directory, a configuration the test can change,
/// and a clock the test can move.
/// </summary>
public sealed class HostFactory : WebApplicationFactory<Program>
{
    public const string HostOrigin = "http://localhost";

    public HostFactory(ConfigurationSnapshot snapshot, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        Configuration = new MutableConfiguration(snapshot);
        _services = services;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    private readonly Action<IServiceCollection>? _services;
    private readonly IDictionary<string, string?> _settings;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("chatwidget-test-").FullName;

    public MutableConfiguration Configuration { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ChatWidget:DataDirectory", DataDirectory);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ILiveConfiguration>();
            services.AddSingleton<ILiveConfiguration>(Configuration);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }

    /// <summary>Exchanges a launch token as the widget's frame does.</summary>
    public Task<HttpResponseMessage> ExchangeAsync(string launchToken, string platform = "lms", string origin = TestPlatforms.LmsOrigin,
        IDictionary<string, string>? extra = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = launchToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["platform"] = platform,
            ["origin"] = origin,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) form[key] = value;
        return CreateClient().PostAsync("/api/token", new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> RefreshAsync(string accessToken, string platform = "lms", string origin = TestPlatforms.LmsOrigin) =>
        CreateClient().PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = accessToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["platform"] = platform,
            ["origin"] = origin,
        }));

    public async Task<string> AccessTokenAsync(string launchToken, string platform = "lms", string origin = TestPlatforms.LmsOrigin)
    {
        var response = await ExchangeAsync(launchToken, platform, origin);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background task; the OS temp cleaner gets it.
        }
    }
}
