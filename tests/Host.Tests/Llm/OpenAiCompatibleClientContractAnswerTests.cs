using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Tests.Fakes;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>What every OpenAI-compatible client sends the upstream and how it reads the answer: streamed or whole, usage, a base URL with a path.</summary>
[Collection(TimingSensitive.Name)]
public sealed class OpenAiCompatibleClientContractAnswerTests : OpenAiCompatibleClientContract
{
    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Streams_text_in_order_and_sends_model_sampling_and_history(OpenAiClientLibrary library)
    {
        _upstream.Scenario.Chunks = ["Room", " 3", ".12", ", second", " floor."];
        var client = ClientFor(library);

        var text = new StringBuilder();
        var updates = 0;
        await foreach (var update in client.GetStreamingResponseAsync(Conversation(), ProfileOptions()))
        {
            text.Append(update.Text);
            updates++;
        }

        Assert.Equal("Room 3.12, second floor.", text.ToString());
        Assert.True(updates >= 5, $"expected one update per chunk, got {updates}");

        var request = Assert.Single(_upstream.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-key", request.Headers["Authorization"]);
        Assert.True(request.Stream);
        Assert.Equal("gpt-test", request.Body.GetProperty("model").GetString());
        Assert.Equal(0.3, request.Body.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(128, MaxOutputTokensOf(request.Body));
        var messages = request.Body.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString(), ContentOf(m)))
            .ToArray();
        Assert.Equal(
            [("system", "You are a helpful course assistant."), ("user", "When is the exam?"), ("assistant", "On Friday."), ("user", "Which room?")],
            messages);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Answers_without_streaming_with_usage(OpenAiClientLibrary library)
    {
        _upstream.Scenario.Chunks = ["Room 3.12."];
        _upstream.Scenario.PromptTokens = 21;
        _upstream.Scenario.CompletionTokens = 4;
        var client = ClientFor(library);

        var response = await client.GetResponseAsync(Conversation(), ProfileOptions());

        Assert.Equal("Room 3.12.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(21, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_upstream.Requests);
        Assert.False(request.Stream);
        Assert.Equal("gpt-test", request.Body.GetProperty("model").GetString());
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Honours_a_base_url_with_a_path_before_the_version(OpenAiClientLibrary library)
    {
        var client = ClientFor(library, new Uri(_upstream.BaseUrl, "/openai/v1"));

        var response = await client.GetResponseAsync(Conversation(), ProfileOptions());

        Assert.Equal("Hello, world!", response.Text);
        Assert.Equal("/openai/v1/chat/completions", Assert.Single(_upstream.Requests).Path);
    }

    [Theory]
    [MemberData(nameof(OfficialAndRelay))]
    public async Task Streaming_reports_token_usage(OpenAiClientLibrary library)
    {
        _upstream.Scenario.PromptTokens = 30;
        _upstream.Scenario.CompletionTokens = 5;
        var client = ClientFor(library);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));

        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single();
        Assert.Equal(30, usage.Details.InputTokenCount);
        Assert.Equal(5, usage.Details.OutputTokenCount);
        Assert.True(_upstream.Requests.Single().Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task Betalgo_streaming_drops_token_usage()
    {
        var client = ClientFor(OpenAiClientLibrary.Betalgo);

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation(), ProfileOptions()));

        // Betalgo neither asks for usage (no stream_options.include_usage) nor would surface it.
        Assert.Equal("Hello, world!", string.Concat(updates.Select(u => u.Text)));
        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.False(_upstream.Requests.Single().Body.TryGetProperty("stream_options", out _));
    }

    private static int MaxOutputTokensOf(JsonElement body) =>
        body.TryGetProperty("max_completion_tokens", out var completion) ? completion.GetInt32() : body.GetProperty("max_tokens").GetInt32();

    private static string? ContentOf(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }
}
