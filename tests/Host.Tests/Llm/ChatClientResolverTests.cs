using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Llm;

public sealed class ChatClientResolverTests
{
    private static readonly Uri BaseUrl = new("http://127.0.0.1:9/v1");

    [Fact]
    public void Reuses_the_client_while_the_model_is_unchanged()
    {
        using var host = LlmTestServices.Build(OpenAiClientLibrary.Official);
        var resolver = host.Services.GetRequiredService<IChatClientResolver>();
        var profile = LlmTestServices.Profile();

        var first = resolver.Resolve(profile, LlmTestServices.OpenAiModel(BaseUrl));
        var second = resolver.Resolve(profile, LlmTestServices.OpenAiModel(BaseUrl));

        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("url")]
    [InlineData("model")]
    public void Builds_a_new_client_when_the_model_settings_change(string change)
    {
        using var host = LlmTestServices.Build(OpenAiClientLibrary.Official);
        var resolver = host.Services.GetRequiredService<IChatClientResolver>();
        var profile = LlmTestServices.Profile();
        var original = LlmTestServices.OpenAiModel(BaseUrl);
        var changed = change switch
        {
            "key" => original with { ApiKey = "sk-rotated" },
            "url" => original with { BaseUrl = new Uri("http://127.0.0.1:10/v1") },
            _ => original with { ModelName = "gpt-other" },
        };

        var before = resolver.Resolve(profile, original);
        var after = resolver.Resolve(profile, changed);

        Assert.NotSame(before, after);
        Assert.Same(after, resolver.Resolve(profile, changed));
    }

    [Theory]
    [InlineData(OpenAiClientLibrary.Official, "OpenAIChatClient")]
    [InlineData(OpenAiClientLibrary.Betalgo, "OpenAIService")]
    [InlineData(OpenAiClientLibrary.Relay, "RelayChatClient")]
    public void Uses_the_configured_library(OpenAiClientLibrary library, string innerTypeName)
    {
        using var host = LlmTestServices.Build(library);
        var resolver = host.Services.GetRequiredService<IChatClientResolver>();

        var client = resolver.Resolve(LlmTestServices.Profile(), LlmTestServices.OpenAiModel(BaseUrl));

        Assert.Contains(innerTypeName, InnerTypeNames(client));
    }

    [Fact]
    public void Refuses_an_unknown_provider_without_revealing_the_key()
    {
        using var host = LlmTestServices.Build(OpenAiClientLibrary.Official);
        var resolver = host.Services.GetRequiredService<IChatClientResolver>();
        var model = LlmTestServices.OpenAiModel(BaseUrl) with { Provider = "anthropic" };

        var error = Assert.Throws<InvalidOperationException>(() => resolver.Resolve(LlmTestServices.Profile(), model));

        Assert.DoesNotContain("sk-test-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_default_to_the_relay_and_a_visible_offline_pace()
    {
        using var host = LlmTestServices.Build(new Dictionary<string, string?>());

        var options = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal(OpenAiClientLibrary.Relay, options.OpenAiClient);
        Assert.Equal(20, options.OfflineWordDelayMilliseconds);
    }

    [Theory]
    [InlineData("ChatWidget:Llm:OpenAiClient", "Azure")]
    [InlineData("ChatWidget:Llm:OfflineWordDelayMilliseconds", "-5")]
    [InlineData("ChatWidget:Llm:OfflineWordDelayMilliseconds", "60000")]
    public async Task A_bad_setting_fails_start_up_naming_the_setting(string key, string value)
    {
        using var host = LlmTestServices.Build(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(key.Split(':')[^1], error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/v1", "http://127.0.0.1:9000/", "v1")]
    [InlineData("http://127.0.0.1:9000/v1/", "http://127.0.0.1:9000/", "v1")]
    [InlineData("https://example.openai.azure.com/openai/v1", "https://example.openai.azure.com/openai/", "v1")]
    public void Betalgo_gets_the_base_url_split_into_domain_and_version(string baseUrl, string domain, string version)
    {
        Assert.Equal((domain, version), BetalgoClientFactory.SplitBaseUrl(new Uri(baseUrl)));
    }

    private static IEnumerable<string> InnerTypeNames(IChatClient client)
    {
        // The OpenAI-backed clients are wrapped for failure normalisation; the library is one level down.
        var field = typeof(DelegatingChatClient).GetProperty("InnerClient", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        var current = client;
        while (current is DelegatingChatClient delegating && field?.GetValue(delegating) is IChatClient inner)
        {
            yield return current.GetType().Name;
            current = inner;
        }
        yield return current.GetType().Name;
    }
}
