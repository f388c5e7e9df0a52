using System.Text.Json.Serialization;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Sessions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatWidget.Host.Hardening;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi) and the readable reference at
/// <c>/api/reference</c>. The endpoints read their bodies themselves, so what they accept and answer is declared here.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/reference";
    private const string BearerScheme = "bearer";

    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            // Only the public API: the widget's assets, the frame and the demo pages are not an API.
            options.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata.OfType<PublicApiMarker>().Any();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ChatWidget API",
                    Version = "v1",
                    Description = "Token exchange (launch, refresh, team password) and the OpenAI-compatible chat API. " +
                                  "Rate-limited requests get 429 with Retry-After.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /api/token (typ at+jwt, at most 15 minutes).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<PublicApiMarker>().FirstOrDefault() is not { } api) return;
                if (api.RequiresBearer)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }

                // Declared here rather than with Accepts(): that metadata would make routing answer 415 to a wrong content
                // type, where the contract wants the endpoint's own 400 in its own error shape.
                if (api.RequestType is not null)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [api.RequestContentType!] = new() { Schema = await context.GetOrCreateSchemaAsync(api.RequestType, null, cancellationToken) },
                        },
                    };
                }
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapApiReference(ReferencePath, DocumentPath);
        return app;
    }

    /// <summary>Documents <c>POST /api/token</c>.</summary>
    public static RouteHandlerBuilder DocumentTokenExchange(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new PublicApiMarker(RequiresBearer: false, typeof(TokenForm), "application/x-www-form-urlencoded"))
        .WithTags("Tokens")
        .WithSummary("Exchange a launch token, refresh an access token, or sign in with the team password")
        .WithDescription("""
            Form-encoded (RFC 8693 shape). Four grants:
            - **Launch**: `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, `subject_token=<launch token>`,
              `subject_token_type=urn:ietf:params:oauth:token-type:jwt`, `platform`, `origin`, optional `profile`.
            - **Refresh**: the same grant with `subject_token=<access token>` and
              `subject_token_type=urn:ietf:params:oauth:token-type:access_token`, `platform`, `origin`.
            - **LTI launch code**: the same grant with `subject_token=<code>` from the chat page of a verified LTI launch,
              `subject_token_type=urn:chatwidget:params:oauth:token-type:lti-launch`, `platform`, `origin` (Host's own), and
              `lti_storage_value` when the launch was bound through the platform's storage. Each code works once, for 60 s.
            - **Team**: `grant_type=urn:chatwidget:params:oauth:grant-type:team-password`, `password`, optional `origin`.
            Errors are OAuth's `{"error", "error_description"}`; the description is generic, the reason is in the server log.
            With several instances, a launch while Redis is unreachable gets `503` `temporarily_unavailable` with `Retry-After`.
            """)
        .Produces<TokenResponse>(StatusCodes.Status200OK)
        .Produces<TokenError>(StatusCodes.Status400BadRequest)
        .Produces<TokenError>(StatusCodes.Status403Forbidden)
        .Produces<TokenError>(StatusCodes.Status429TooManyRequests)
        .Produces<TokenError>(StatusCodes.Status503ServiceUnavailable);

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

    private static RouteHandlerBuilder ProducesOpenAiErrors(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses) endpoint.Produces<OpenAiErrorDocument>(status);
        return endpoint;
    }

    /// <summary>Marks the endpoints that belong in the API document.</summary>
    private sealed record PublicApiMarker(bool RequiresBearer, Type? RequestType = null, string? RequestContentType = null);

    /// <summary><c>{"error": {"message", "type", "code"}}</c>.</summary>
    public sealed record OpenAiErrorDocument([property: JsonPropertyName("error")] OpenAiError Error);

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

    /// <summary>A non-streamed <c>chat.completion</c>; streamed answers are <c>chat.completion.chunk</c> events of the same fields with <c>delta</c>.</summary>
    public sealed record ChatCompletionDocument(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("created")] long Created,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("system_fingerprint")] string? SystemFingerprint,
        [property: JsonPropertyName("choices")] IReadOnlyList<ChatChoiceDocument> Choices,
        [property: JsonPropertyName("usage")] UsageDocument Usage);

    public sealed record ModelDocument(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("created")] long Created,
        [property: JsonPropertyName("owned_by")] string OwnedBy);

    public sealed record ModelListDocument(
        [property: JsonPropertyName("object")] string Object,
        [property: JsonPropertyName("data")] IReadOnlyList<ModelDocument> Data);
}
