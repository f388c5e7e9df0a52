using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Sessions;
using ChatWidget.HostFixture;
using ChatWidget.TestServers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>
/// Host in process (see <see cref="InProcessHost"/>) in Development, logging from Debug up, with an in-memory
/// configuration, a scripted model and a test sign-in that issues session claims.
/// </summary>
public sealed class ChatAppFactory : InProcessHost
{
    public const string SessionId = "session-1";

    public ChatAppFactory()
    {
        EnvironmentName = "Development";
        CaptureLogsFrom = LogLevel.Debug;
    }

    public ScriptedChatClient ChatClient { get; } = new();

    public ConfigurationSnapshot Snapshot { get; set; } = TestConfiguration.Snapshot();

    public IEnumerable<LogEntry> Logs => CapturedLogs.Entries;

    /// <summary>Every client carries a real access token of a live session of the test platform.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        var session = new ChatSession(SessionId, TestConfiguration.PlatformId, TestConfiguration.ProfileId, "https://lms.example", null,
            TestConfiguration.Generation, DateTimeOffset.UtcNow.AddHours(1));
        var token = Services.GetRequiredService<AccessTokenIssuer>().Issue(session);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
    }

    protected override void AddTestServices(IServiceCollection services)
    {
        services.AddSingleton<ILiveConfiguration>(new FakeLiveConfiguration(this));
        services.AddSingleton<IChatClientResolver>(new FakeResolver(ChatClient));
        base.AddTestServices(services);
    }

    private sealed class FakeLiveConfiguration(ChatAppFactory factory) : ILiveConfiguration
    {
        public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(factory.Snapshot);
    }

    private sealed class FakeResolver(IChatClient client) : IChatClientResolver
    {
        public IChatClient Resolve(ProfileSettings profile, ModelSettings model) => client;
    }
}
