using System.Text;
using ChatWidget.Host.Llm.Relay;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Tests.Llm;

/// <summary>The relay's in-place reading of one stream event, on the shapes OpenAI-compatible servers send.</summary>
public sealed class RelayChunkTests
{
    private static RelayChunk Parse(string data) => RelayChunk.Parse(Encoding.UTF8.GetBytes(data));

    [Fact]
    public void A_content_delta_keeps_escapes_and_non_ASCII_text()
    {
        var chunk = Parse("""{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Caf\u00e9 \"3\"\nnext"},"finish_reason":null}]}""");

        Assert.Equal("Café \"3\"\nnext", chunk.Text);
        Assert.Null(chunk.FinishReason);
        Assert.False(chunk.Error);
    }

    [Fact]
    public void The_role_chunk_carries_no_text_and_the_last_one_the_finish_reason()
    {
        Assert.Null(Parse("""{"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}""").Text);

        var last = Parse("""{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""").ToUpdate();
        Assert.Equal(ChatFinishReason.Length, last.FinishReason);
    }

    [Fact]
    public void The_usage_event_becomes_usage_content()
    {
        var update = Parse("""{"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":7,"total_tokens":47,"prompt_tokens_details":{"cached_tokens":0}}}""").ToUpdate();

        var usage = Assert.Single(update.Contents.OfType<UsageContent>()).Details;
        Assert.Equal((40L, 7L, 47L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
    }

    [Fact]
    public void An_error_event_and_the_end_marker_are_told_apart_from_content()
    {
        Assert.True(Parse("""{"error":{"message":"overloaded","type":"server_error"}}""").Error);
        Assert.True(Parse("[DONE]").Done);
    }

    [Fact]
    public void Unknown_fields_and_null_values_are_skipped()
    {
        var chunk = Parse("""{"choices":[{"index":0,"logprobs":null,"delta":{"content":"a","tool_calls":[{"id":"t"}],"refusal":null},"finish_reason":null}],"usage":null,"system_fingerprint":"fp"}""");

        Assert.Equal("a", chunk.Text);
        Assert.Null(chunk.PromptTokens);
    }
}
