using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using static ChatWidget.Host.Tests.Chat.ChatEndpointRequests;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>What a successful chat request sends the model and logs, and the session-only profile and model endpoints.</summary>
public class ChatEndpointTests
{
    [Fact]
    public async Task Without_course_knowledge_the_system_prompt_is_only_the_profile_instructions_and_the_profile_decides_sampling()
    {
        await using var app = new ChatAppFactory { Snapshot = TestConfiguration.Snapshot(TestConfiguration.Profile() with { Knowledge = [] }) };
        var http = app.CreateClient();

        using var response = await http.PostAsync("/v1/chat/completions", Json(Body(stream: false,
            extra: ",\"temperature\":1.9,\"top_p\":0.2,\"max_tokens\":5,\"n\":3,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"x\"}}],\"model\":\"tutor\"")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = app.ChatClient.ReceivedMessages!;
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal(TestConfiguration.Instructions, messages[0].Text);
        Assert.Single(messages, m => m.Role == ChatRole.System);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal(Question, messages[^1].Text);

        var options = app.ChatClient.ReceivedOptions!;
        Assert.Equal(TestConfiguration.ModelName, options.ModelId);
        Assert.Equal(0.3f, options.Temperature);
        Assert.Equal(256, options.MaxOutputTokens);
        Assert.Null(options.TopP);
        Assert.Null(options.Tools);

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal(TestConfiguration.ProfileId, root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Hello there", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(21, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(23, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task A_history_too_long_for_the_model_loses_its_oldest_turns()
    {
        // 256 output tokens + a short system prompt leave roughly 100 tokens for the history.
        await using var app = new ChatAppFactory { Snapshot = TestConfiguration.Snapshot(model: TestConfiguration.Model(contextWindow: 380)) };
        var old = string.Concat(Enumerable.Repeat("word ", 150));
        var body = $$"""{"messages":[{"role":"user","content":"{{old}}"},{"role":"assistant","content":"{{old}}"},{"role":"user","content":"short question"}]}""";

        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([ChatRole.System, ChatRole.User], app.ChatClient.ReceivedMessages!.Select(m => m.Role));
        Assert.Equal("short question", app.ChatClient.ReceivedMessages![1].Text);
        Assert.Contains(app.Logs, l => l.Message.Contains("dropped_messages 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_log_line_per_request_with_session_and_tokens_and_never_content()
    {
        await using var app = new ChatAppFactory();
        using var response = await app.CreateClient().PostAsync("/v1/chat/completions", Json(Body(stream: false)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var line = Assert.Single(app.Logs, l => l.Message.StartsWith("Chat request", StringComparison.Ordinal));
        Assert.Contains(ChatAppFactory.SessionId, line.Message);
        Assert.Contains("platform acme", line.Message);
        Assert.Contains("status 200", line.Message);
        Assert.Contains("prompt_tokens 21 completion_tokens 2", line.Message);
        Assert.DoesNotContain(app.Logs, l => l.Message.Contains("QUESTION-TEXT", StringComparison.Ordinal) || l.Message.Contains("Hello there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_session_the_endpoints_are_closed()
    {
        await using var app = new ChatAppFactory();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Models_lists_the_session_profile()
    {
        await using var app = new ChatAppFactory();
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/v1/models"));

        Assert.Equal("list", document.RootElement.GetProperty("object").GetString());
        var model = Assert.Single(document.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(TestConfiguration.ProfileId, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal("chatwidget", model.GetProperty("owned_by").GetString());
        Assert.Equal(JsonValueKind.Number, model.GetProperty("created").ValueKind);
    }

    [Fact]
    public async Task The_public_profile_has_what_the_widget_needs_and_no_secret()
    {
        await using var app = new ChatAppFactory();
        var json = await app.CreateClient().GetStringAsync("/api/profile");

        foreach (var secret in new[] { "SECRET", TestConfiguration.ModelId, TestConfiguration.ModelName, "instructions", "knowledge", "model", "temperature", "upstream" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.OrdinalIgnoreCase);
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["id", "title", "greeting", "starters", "theme", "locale", "disclaimer", "limits"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TestConfiguration.ProfileId, root.GetProperty("id").GetString());
        Assert.Equal("Course tutor", root.GetProperty("title").GetString());
        Assert.Equal("#123456", root.GetProperty("theme").GetProperty("accent").GetString());
        Assert.Equal(["accent"], root.GetProperty("theme").EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("starters").GetArrayLength());
        var limits = root.GetProperty("limits");
        Assert.Equal(["maxMessageChars", "maxMessages", "maxTotalChars"], limits.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4000, limits.GetProperty("maxMessageChars").GetInt32());
    }
}
