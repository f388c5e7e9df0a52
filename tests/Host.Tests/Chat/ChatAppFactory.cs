using System.Collections.Concurrent;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Sessions;
using ChatWidget.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>Host with an in-memory configuration, a scripted model and a test sign-in that issues session claims.</summary>
public sealed class ChatAppFactory : WebApplicationFactory<Program>
{
    public const string SessionId = "session-1";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chatwidget-chat-test-").FullName;

    public ScriptedChatClient ChatClient { get; } = new();

    /// <summary>Every client carries a real access token of a live session of the test platform.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        var session = new ChatSession(SessionId, TestConfiguration.PlatformId, TestConfiguration.ProfileId, "https://lms.example", null,
            TestConfiguration.Generation, DateTimeOffset.UtcNow.AddHours(1));
        var token = Services.GetRequiredService<AccessTokenIssuer>().Issue(session);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background task; the OS temp cleaner gets it.
        }
    }

    public ConfigurationSnapshot Snapshot { get; set; } = TestConfiguration.Snapshot();

    private readonly CapturingLoggerProvider _logs = new();

    public IEnumerable<LogEntry> Logs => _logs.Entries;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ChatWidget:DataDirectory", _dataDirectory);
        // Development turns the demo partner page on; these tests need no second listener on a real port.
        builder.UseSetting("ChatWidget:Demo:Enabled", "false");
        builder.ConfigureLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILiveConfiguration>(new FakeLiveConfiguration(this));
            services.AddSingleton<IChatClientResolver>(new FakeResolver(ChatClient));
        });
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
