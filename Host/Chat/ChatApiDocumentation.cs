using System.Text.Json.Serialization;
using ChatWidget.Host.ApiDocs;
using ChatWidget.Host.Knowledge;
using static ChatWidget.Host.ApiDocs.ApiDocumentation;

namespace ChatWidget.Host.Chat;

/// <summary>How the chat endpoints appear in the API document (<see cref="ApiDocumentation"/>).</summary>
public static class ChatApiDocumentation
{
    /// <summary>Documents <c>POST /v1/chat/completions</c>.</summary>
    public static RouteHandlerBuilder DocumentChatCompletions(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new PublicApiMarker(RequiresBearer: true, typeof(ChatCompletionRequest), "application/json"))
        .WithSummary("Chat completion, OpenAI-compatible, streamed (text/event-stream) or not")
        .WithDescription("""
            Body as OpenAI's: `messages` (roles `user` and `assistant` only; the last one the user's), `stream`, optional
            `model` (the session's profile id), `stream_options.include_usage`. Other fields are ignored: the profile decides.
            Streamed answers are `chat.completion.chunk` events ending with `data: [DONE]`; a failure after the stream started
            is one `data: {"error": {...}}` event and no `[DONE]`. An answer from a fallback model has the header
            `X-ChatWidget-Fallback: <model id>` and `system_fingerprint: "chatwidget-fallback:<model id>"`.
            An answer that cites the profile's course knowledge as `[n]` carries a top-level `sources` array of the cited
            sources (`index`, `id`, `title`, `url` when there is one): on the finish chunk when streamed, on the
            `chat.completion` otherwise; without a citation there is no `sources` field.
            """)
        .Produces<ChatCompletionDocument>(StatusCodes.Status200OK, "application/json", "text/event-stream")
        .ProducesOpenAiErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
            StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable);

    /// <summary>Documents <c>GET /v1/models</c>.</summary>
    public static RouteHandlerBuilder DocumentModels(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new PublicApiMarker(RequiresBearer: true))
        .WithSummary("The profile this token may use, as an OpenAI model list")
        .Produces<ModelListDocument>(StatusCodes.Status200OK)
        .ProducesOpenAiErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);

    /// <summary>Documents <c>GET /api/profile</c>.</summary>
    public static RouteHandlerBuilder DocumentProfile(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new PublicApiMarker(RequiresBearer: true))
        .WithSummary("The public view of the session's profile, for the widget (nothing secret)")
        .Produces<PublicProfileView>(StatusCodes.Status200OK)
        .ProducesOpenAiErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);

    public sealed record ChatMessageDocument(
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("content")] string Content);

    public sealed record ChatChoiceDocument(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("message")] ChatMessageDocument Message,
        [property: JsonPropertyName("finish_reason")] string FinishReason);

    public sealed record UsageDocument(
        [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
        [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
        [property: JsonPropertyName("total_tokens")] int TotalTokens);

    /// <summary>
    /// A non-streamed <c>chat.completion</c> (what <see cref="CompleteAnswer"/> answers); streamed answers are
    /// <c>chat.completion.chunk</c> events of the same fields with <c>delta</c>. <c>sources</c> is left out when nothing was cited.
    /// </summary>
    public sealed record ChatCompletionDocument(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("created")] long Created,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("system_fingerprint")] string? SystemFingerprint,
        [property: JsonPropertyName("choices")] IReadOnlyList<ChatChoiceDocument> Choices,
        [property: JsonPropertyName("usage")] UsageDocument Usage,
        [property: JsonPropertyName("sources"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<KnowledgeSource>? Sources = null);

    public sealed record ModelDocument(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("created")] long Created,
        [property: JsonPropertyName("owned_by")] string OwnedBy);

    public sealed record ModelListDocument(
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("data")] IReadOnlyList<ModelDocument> Data);
}
