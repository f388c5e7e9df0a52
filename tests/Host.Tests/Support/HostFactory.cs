using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.HostFixture;
using ChatWidget.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatWidget.Host.Tests.Support;

/// <summary>
/// Host in process, per test (see <see cref="InProcessHost"/>), in the Testing environment with every log entry
/// captured: a configuration the test can change, and a clock the test can move.
/// </summary>
public sealed class HostFactory : InProcessHost
{
    public const string HostOrigin = "http://localhost";

    public HostFactory(ConfigurationSnapshot snapshot, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        Configuration = new MutableConfiguration(snapshot);
        TestServices = services;
        Settings = settings ?? new Dictionary<string, string?>();
        CaptureLogsFrom = LogLevel.Trace;
    }

    public MutableConfiguration Configuration { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturingLoggerProvider Logs => CapturedLogs;

    protected override void AddTestServices(IServiceCollection services)
    {
        services.RemoveAll<ILiveConfiguration>();
        services.AddSingleton<ILiveConfiguration>(Configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        base.AddTestServices(services);
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
}
