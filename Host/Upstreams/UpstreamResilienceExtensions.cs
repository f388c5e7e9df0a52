using System.Net;
using ChatWidget.Host.Llm;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ChatWidget.Host.Upstreams;

public static class UpstreamResilienceExtensions
{
    /// <summary>
    /// Resilience of the upstream HttpClient, tuned for streaming: every strategy acts only until the response headers
    /// arrive (the body is read after the handler returned), so nothing here can cut or replay a streamed answer.
    /// Retries, then a circuit breaker per upstream, then a timeout per attempt. Also graceful shutdown's drain time.
    /// </summary>
    public static IHostApplicationBuilder AddUpstreamResilience(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UpstreamResilienceOptions>().BindConfiguration(UpstreamResilienceOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.DrainSeconds));
        builder.Services.AddSingleton<UpstreamCircuits>();
        builder.Services.AddTransient<UpstreamBodyDeadlineHandler>();

        // Added after AddLlmClients removed every inherited resilience handler from this client, so this one stays.
        builder.Services.AddHttpClient(UpstreamHttpClient.Name)
            .AddResilienceHandler("chatwidget-upstream", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<UpstreamResilienceOptions>>().Value;
                var circuits = context.ServiceProvider.GetRequiredService<UpstreamCircuits>();
                // Network waits are wall-clock time, whatever clock the application's TimeProvider keeps for tokens.
                pipeline.TimeProvider = TimeProvider.System;
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options)),
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.CircuitFailureRatio,
                    MinimumThroughput = options.CircuitMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(options.CircuitSamplingSeconds),
                    BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds),
                    OnOpened = args => Record(circuits, args.Context, UpstreamCircuits.Open),
                    OnHalfOpened = args => Record(circuits, args.Context, UpstreamCircuits.HalfOpen),
                    OnClosed = args => Record(circuits, args.Context, UpstreamCircuits.Closed),
                });

                pipeline.AddTimeout(TimeSpan.FromSeconds(options.HeadersTimeoutSeconds));
            })
            // One circuit per upstream: a failing local model server must not stop calls to a healthy provider.
            .SelectPipelineByAuthority();
        // Inside the retries: each attempt's body gets the bound from the moment its headers arrive.
        builder.Services.AddHttpClient(UpstreamHttpClient.Name).AddHttpMessageHandler<UpstreamBodyDeadlineHandler>();
        return builder;
    }

    private static ValueTask Record(UpstreamCircuits circuits, ResilienceContext context, string state)
    {
        circuits.Set(context.GetRequestMessage()?.RequestUri?.Authority, state);
        return ValueTask.CompletedTask;
    }

    /// <summary>Transient failures only; a 429/503 that asks for a long pause is left to the fallback chain.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, UpstreamResilienceOptions options)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome)) return false;
        if (outcome.Result is not { } response) return true;
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return true;
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta ?? (retryAfter?.Date - DateTimeOffset.UtcNow);
        return wait is null || wait <= TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
    }
}
