using System.Security.Cryptography;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Embedding.DemoPartner;

/// <summary>
/// A pretend partner learning platform on its own origin (default http://localhost:5081), in Host's process
/// for convenience but in its own small web application, so its routes and cookies never mix with Host's.
/// It embeds the widget exactly as a partner would and mints launch tokens with the demo platform's key.
/// </summary>
public sealed class DemoPartnerSite(
    IOptions<DemoPartnerOptions> options,
    IOptions<ConfigurationStoreOptions> store,
    IHostEnvironment environment,
    ILoggerFactory loggerFactory,
    TimeProvider time) : IHostedService, IAsyncDisposable
{
    public const string LearnerCookie = "chatwidget-demo-learner";

    private readonly ILogger _logger = loggerFactory.CreateLogger<DemoPartnerSite>();
    private WebApplication? _app;
    private DemoLaunchTokenIssuer? _issuer;

    /// <summary>Where the demo page listens once started (the real port when configured with port 0); null when not served.</summary>
    public string? Url { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;

        var partnerOrigin = new Uri(store.Value.Demo.PartnerOrigin).GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        var keyPath = DemoConfiguration.GetPrivateKeyPath(store.Value);
        _issuer = DemoLaunchTokenIssuer.Load(keyPath, partnerOrigin, time);
        if (_issuer is null)
        {
            _logger.LogWarning(
                "The demo partner page is not served: there is no demo platform key at {KeyPath} (the demo is seeded only into an empty database without a seed file). Set ChatWidget:Demo:Enabled to false to silence this.",
                keyPath);
            return;
        }

        var listenUrl = string.IsNullOrEmpty(settings.ListenUrl) ? partnerOrigin : settings.ListenUrl;
        var app = Build(listenUrl, new DemoPartnerPages(settings.HostUrl), _issuer);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            // The demo is a convenience; a busy port must not take the real service down with it.
            _logger.LogWarning("The demo partner page is not served: cannot listen on {ListenUrl} ({Reason}).", listenUrl, ex.Message);
            await app.DisposeAsync();
            return;
        }

        _app = app;
        Url = app.Urls.FirstOrDefault();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _issuer?.Dispose();
    }

    private WebApplication Build(string listenUrl, DemoPartnerPages pages, DemoLaunchTokenIssuer issuer)
    {
        // An empty builder: no configuration sources, so Host's own URLs and settings cannot leak into this listener.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment.EnvironmentName,
            ContentRootPath = environment.ContentRootPath,
            ApplicationName = environment.ApplicationName,
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IHostLifetime, HostedLifetime>();
        builder.Services.AddRouting();
        builder.WebHost.UseKestrelCore().UseUrls(listenUrl);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return next(context);
        });

        app.MapGet("/", (HttpContext http) => pages.Html(http, pages.Lesson()));
        app.MapGet("/inline-token", (HttpContext http) => pages.Html(http, pages.InlineToken(issuer.Issue(LearnerId(http)))));
        app.MapGet("/chat/launch-token", (HttpContext http) =>
        {
            // What a partner's token URL does: check its own session (here: the demo learner cookie), then sign.
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(issuer.Issue(LearnerId(http)), "text/plain; charset=utf-8");
        });
        app.MapGet("/demo.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(DemoPartnerPages.Stylesheet, "text/css; charset=utf-8");
        });
        return app;
    }

    /// <summary>A fake learner id per demo browser, kept in a cookie of the demo site (the demo's stand-in for a sign-in).</summary>
    private static string LearnerId(HttpContext http)
    {
        var existing = http.Request.Cookies[LearnerCookie];
        if (existing is { Length: > 8 and <= 64 } && existing.StartsWith("learner-", StringComparison.Ordinal)
            && existing.Skip(8).All(char.IsAsciiHexDigitLower))
        {
            return existing;
        }

        var learner = "learner-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        http.Response.Cookies.Append(LearnerCookie, learner, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return learner;
    }

    /// <summary>Host's lifetime already handles Ctrl+C; this listener just starts and stops with it.</summary>
    private sealed class HostedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
