using ChatWidget.Host.Llm;
using ChatWidget.Host.SharedState;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChatWidget.Host.Observability;

public static class ObservabilityServiceExtensions
{
    /// <summary>The standard variable that would make GenAI instrumentation record prompts and answers; ignored here.</summary>
    public const string CaptureContentVariable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    /// <summary>
    /// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, EF Core, Redis when configured, the model calls and
    /// ChatWidget's own meter), OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the Prometheus scrape endpoint
    /// when enabled (<see cref="ObservabilityOptions"/>), and the usage store's recorder.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new();
        builder.Services.AddSingleton<ChatWidgetMetrics>();
        builder.Services.AddSingleton<IChatTurnObserver, ChatTurnMetrics>();
        builder.Services.AddHostedService<ContentCaptureNotice>();
        builder.Services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddSingleton<IChatTurnObserver>(provider => provider.GetRequiredService<UsageRecorder>());
        builder.Services.AddSingleton<UsageWriter>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<UsageWriter>());
        builder.Services.AddTransient<IStartupFilter, ObservabilityStartupFilter>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("chatwidget"))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation()
                    .AddSource(ChatClientResolver.TelemetrySourceName);
                if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 })
                {
                    tracing.AddRedisInstrumentation().ConfigureRedisInstrumentation((services, redis) =>
                        services.GetRequiredService<SharedRedis>().WhenConnected(connection => redis.AddConnection(connection)));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddMeter(ChatWidgetMetrics.MeterName, ChatClientResolver.TelemetrySourceName);
                if (options.Prometheus.Enabled) metrics.AddPrometheusExporter();
            });
        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 }) telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>Counts open streams around the whole pipeline and puts the gated <c>/metrics</c> branch first.</summary>
    private sealed class ObservabilityStartupFilter(IOptions<ObservabilityOptions> options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (options.Value.Prometheus.Enabled)
            {
                app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null,
                    predicate: http => http.Request.Path == "/metrics", path: null,
                    configureBranchedPipeline: branch => branch.UseMiddleware<PrometheusScrapeGate>(), optionsName: null);
            }

            app.UseMiddleware<OpenStreamCounter>();
            next(app);
        };
    }

    /// <summary>One warning at start when the content-capture variable asks for what ChatWidget never records.</summary>
    private sealed class ContentCaptureNotice(IConfiguration configuration, ILogger<ContentCaptureNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (bool.TryParse(configuration[CaptureContentVariable], out var capture) && capture)
            {
                logger.LogWarning("{Variable} is set but ignored: ChatWidget never records prompts or answers in telemetry", CaptureContentVariable);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
