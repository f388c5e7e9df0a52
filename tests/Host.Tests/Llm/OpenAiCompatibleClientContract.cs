using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>
/// The same expectations for the OpenAI client libraries and Host's own relay, built through the production resolver and
/// talking to a real HTTP server (a fake upstream per test). Where Betalgo behaves differently, a separately named test
/// records what it actually does. This base holds the upstream, the clients and the conversation the contract tests share.
/// </summary>
public abstract class OpenAiCompatibleClientContract : IAsyncLifetime
{
    protected FakeOpenAiUpstream _upstream = null!;
    protected readonly List<IHost> _hosts = [];
    protected readonly List<IDisposable> _disposables = [];

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
            host.Dispose();
        foreach (var disposable in _disposables)
            disposable.Dispose();
        await _upstream.DisposeAsync();
    }

    public static TheoryData<OpenAiClientLibrary> Libraries => new() { OpenAiClientLibrary.Official, OpenAiClientLibrary.Betalgo, OpenAiClientLibrary.Relay };

    /// <summary>The fully asynchronous clients, which ask a streaming upstream for usage and report it.</summary>
    public static TheoryData<OpenAiClientLibrary> OfficialAndRelay => new() { OpenAiClientLibrary.Official, OpenAiClientLibrary.Relay };

    protected IChatClient ClientFor(OpenAiClientLibrary library, Uri? baseUrl = null)
    {
        var host = LlmTestServices.Build(library);
        _hosts.Add(host);
        var profile = LlmTestServices.Profile();
        return host.Services.GetRequiredService<IChatClientResolver>()
            .Resolve(profile, LlmTestServices.OpenAiModel(baseUrl ?? _upstream.BaseUrl));
    }

    protected static ChatOptions ProfileOptions() => new() { Temperature = 0.3f, MaxOutputTokens = 128 };

    protected static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are a helpful course assistant."),
        new(ChatRole.User, "When is the exam?"),
        new(ChatRole.Assistant, "On Friday."),
        new(ChatRole.User, "Which room?"),
    ];

    protected static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
            list.Add(update);
        return list;
    }
}
