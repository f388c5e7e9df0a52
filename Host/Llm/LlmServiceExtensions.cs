namespace ChatWidget.Host.Llm;

public static class LlmServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IChatClientResolver"/>, the three OpenAI client factories, the upstream
    /// HttpClient and <see cref="LlmOptions"/> (validated at start-up).
    /// </summary>
    public static IHostApplicationBuilder AddLlmClients(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddTransient<UpstreamResponseObserver>();
        builder.Services.AddTransient<UpstreamCancellationHandler>();
        var upstream = builder.Services.AddHttpClient(UpstreamHttpClient.Name, client =>
            {
                // A streamed answer can legitimately run for minutes; the default 100 s would cut it.
                // The request's own token (HttpContext.RequestAborted) is what ends an upstream call.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Clients are cached per model and keep their HttpClient, so the handler is never rotated by
            // the factory; recycling pooled connections instead keeps DNS changes visible.
            .UseSocketsHttpHandler((handler, _) =>
            {
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
                // When a learner stops an answer, the half-read response is disposed. By default the handler
                // then keeps reading (up to 2 s) to reuse the connection, so the upstream keeps generating
                // and billing tokens; closing the connection at once tells it to stop.
                handler.ResponseDrainTimeout = TimeSpan.Zero;
                handler.MaxResponseDrainSize = 0;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // IHttpClientFactory's two logging handlers open a log scope and build log state on every call, even when
            // their category is filtered out; they would also write the upstream's URL, in which some deployments
            // carry a key. Host's own request log already says what a turn did.
            .RemoveAllLoggers()
            .AddHttpMessageHandler<UpstreamResponseObserver>()
            .AddHttpMessageHandler<UpstreamCancellationHandler>();

        // No standard resilience on this client, not even one inherited from ConfigureHttpClientDefaults:
        // its 30 s total timeout and retries would cut or replay streamed answers. Resilience tuned for
        // streaming is added to this client separately, after this call.
#pragma warning disable EXTEXP0001 // Experimental, but the only way to opt one client out of the defaults.
        upstream.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<OfficialOpenAiClientFactory>();
        builder.Services.AddSingleton<BetalgoClientFactory>();
        builder.Services.AddSingleton<Relay.RelayClientFactory>();
        builder.Services.AddSingleton<IChatClientResolver, ChatClientResolver>();
        return builder;
    }
}
