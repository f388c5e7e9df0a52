using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Tests.Chat;

/// <summary>The requests and scripted answers the chat endpoint tests share: a three-turn body, the error shape, a two-chunk answer with a pause.</summary>
internal static class ChatEndpointRequests
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    public const string Question = "QUESTION-TEXT what is a vector?";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Body(bool stream, string extra = "", string question = Question) =>
        $$"""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"{{question}}"}],"stream":{{(stream ? "true" : "false")}}{{extra}}}""";

    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        return error.Clone();
    }

    public static async IAsyncEnumerable<ChatResponseUpdate> Updates(Func<CancellationToken, Task> between, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Hel");
        await between(cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "lo") { FinishReason = ChatFinishReason.Stop };
    }
}
