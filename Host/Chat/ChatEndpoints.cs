using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Knowledge;
using ChatWidget.Host.RateLimits;
using ChatWidget.Host.Sessions;
using FluentValidation;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Chat;

public static class ChatEndpoints
{
    /// <summary>Chat services: endpoint settings (validated at start), request reading and validation, tokenizer, trimmer, answers.</summary>
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChatEndpointOptions>()
            .BindConfiguration(ChatEndpointOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Kestrel's body limit (ChatWidget:Limits:MaxRequestBodyBytes) is raised to the chat body limit when below it.
        builder.Services.AddOptions<KestrelServerOptions>().PostConfigure<IOptions<ChatEndpointOptions>>((kestrel, chat) =>
            kestrel.Limits.MaxRequestBodySize = Math.Max(kestrel.Limits.MaxRequestBodySize ?? 0, chat.Value.MaxRequestBytes));

        builder.Services.AddSingleton<ChatRequestReader>();
        builder.Services.AddSingleton<IValidator<ChatCompletionRequest>, ChatCompletionRequestValidator>();
        // One tokenizer per process: loading o200k_base is expensive.
        builder.Services.AddSingleton<PromptTokenCounter>();
        // Course knowledge sizes the profile's own entries with the same tokenizer.
        builder.Services.AddSingleton<ITokenCounter>(services => services.GetRequiredService<PromptTokenCounter>());
        builder.Services.AddSingleton<HistoryTrimmer>();
        builder.Services.AddSingleton<StreamedAnswer>();
        builder.Services.AddSingleton<CompleteAnswer>();
        builder.Services.AddSingleton<ModelFallbackRunner>();
        builder.Services.AddSingleton<ChatTurnPreparation>();
        builder.Services.AddSingleton<ChatCompletionHandler>();
        return builder;
    }

    /// <summary>The data plane of contract §5, all behind a live chat session.</summary>
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("").RequireChatSession().WithTags("Chat").AnswerUnhandledErrorsWith(OpenAiError.ServerError);

        chat.MapPost("/v1/chat/completions", (HttpContext http, ChatCompletionHandler handler) => handler.HandleAsync(http))
            .RequireRateLimiting(RateLimitPolicies.Chat).DocumentChatCompletions();
        chat.MapGet("/v1/models", ListModelsAsync).DocumentModels();
        chat.MapGet("/api/profile", GetProfileAsync).DocumentProfile();
        return app;
    }

    // Profiles carry no timestamp; the process start stands in for OpenAI's "created".
    private static readonly long Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static async Task<IResult> ListModelsAsync(HttpContext http, ILiveConfiguration configuration)
    {
        var profile = await ProfileAsync(http, configuration);
        if (profile is null) return ProfileMissing();
        return Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = profile.Id, @object = "model", created = Created, owned_by = "chatwidget" } },
        });
    }

    private static async Task<IResult> GetProfileAsync(HttpContext http, ILiveConfiguration configuration)
    {
        var profile = await ProfileAsync(http, configuration);
        return profile is null ? ProfileMissing() : Results.Json(PublicProfileView.From(profile));
    }

    private static async Task<ProfileSettings?> ProfileAsync(HttpContext http, ILiveConfiguration configuration)
    {
        var snapshot = await http.ConfigurationSnapshotAsync(configuration);
        return snapshot.Profiles.GetValueOrDefault(http.GetChatSession().ProfileId);
    }

    private static IResult ProfileMissing() => OpenAiError.ProfileMisconfigured();
}
