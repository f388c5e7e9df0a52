using System.IO.Compression;
using ChatWidget.Host.Embedding.DemoPartner;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.SpaServices.StaticFiles;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Embedding;

public static class EmbeddingEndpoints
{
    /// <summary>widget.js max-age: short, so a fixed loader reaches partner pages within minutes, yet most page views hit the cache.</summary>
    public const int LoaderMaxAgeSeconds = 300;

    /// <summary>Widget settings (validated at start), the built widget as SPA static files, the demo partner page.</summary>
    public static IHostApplicationBuilder AddEmbedding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WidgetOptions>().BindConfiguration(WidgetOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IPostConfigureOptions<WidgetOptions>, WidgetOptionsSetup>();
        builder.Services.AddSingleton<IValidateOptions<WidgetOptions>, WidgetOptionsSetup>();

        // The options resolve the path against the content root; the SPA file provider reads the same resolved path.
        builder.Services.AddSpaStaticFiles(_ => { });
        builder.Services.AddOptions<SpaStaticFilesOptions>()
            .Configure<IOptions<WidgetOptions>>((spa, widget) => spa.RootPath = widget.Value.DistDirectory);
        // The loader is on every partner page view and the frame's code on every first open: sent compressed they are
        // 40% of their size (measured: tests/Benchmarks, widget cost). Only these static files, never a response that
        // carries a token or a learner's words, so compression cannot leak a secret (BREACH).
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/javascript", "text/css"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        builder.Services.AddSingleton<FramePage>();
        builder.Services.AddSingleton<TeamChatPage>();

        builder.AddDemoPartner();
        builder.Services.AddHostedService<StartupAnnouncement>();
        return builder;
    }

    /// <summary>
    /// <c>/widget.js</c> (the loader partners embed), <c>/widget/frame.js</c> and <c>/widget/frame.css</c>
    /// (the chat frame's code), <c>/widget/frame</c> (the frame page with its CSP), and <c>/chat</c> (the team chat page).
    /// </summary>
    public static WebApplication MapEmbedding(this WebApplication app)
    {
        var widget = app.Services.GetRequiredService<IOptions<WidgetOptions>>().Value;
        var dist = app.Services.GetRequiredService<ISpaStaticFileProvider>().FileProvider;
        var contentTypes = new FileExtensionContentTypeProvider();
        app.UseWhen(context => IsWidgetAsset(context.Request.Path), branch => branch.UseResponseCompression());

        if (dist is not null)
        {
            app.UseSpaStaticFiles(new StaticFileOptions
            {
                FileProvider = new WidgetAssetFileProvider(dist, "widget.js"),
                ContentTypeProvider = contentTypes,
                OnPrepareResponse = context =>
                {
                    var headers = context.Context.Response.Headers;
                    headers.CacheControl = $"public, max-age={LoaderMaxAgeSeconds}";
                    headers.XContentTypeOptions = "nosniff";
                    // Partner pages load it cross-origin; a CORP-enforcing embedder (COEP require-corp) needs this.
                    headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                },
            });
        }

        if (widget.DevServerUrl is not null && app.Environment.IsDevelopment())
        {
            // Live widget development: everything under /widget but the frame page comes from the Vite dev server.
            app.MapWhen(
                context => context.Request.Path.StartsWithSegments("/widget") && context.Request.Path != "/widget/frame",
                branch => branch.UseSpa(spa => spa.UseProxyToSpaDevelopmentServer(widget.DevServerUrl)));
        }
        else if (dist is not null)
        {
            app.UseSpaStaticFiles(new StaticFileOptions
            {
                RequestPath = "/widget",
                FileProvider = new WidgetAssetFileProvider(dist, "frame.js", "frame.css"),
                ContentTypeProvider = contentTypes,
                OnPrepareResponse = context =>
                {
                    var headers = context.Context.Response.Headers;
                    // Fixed names without hashes: the browser must revalidate (ETag) so a new build is never mixed with an old one.
                    headers.CacheControl = "no-cache";
                    headers.XContentTypeOptions = "nosniff";
                },
            });
        }

        app.MapGet("/widget/frame", FrameEndpoint.HandleAsync).WithTags("Embedding").ExcludeFromDescription();
        app.MapGet("/chat", TeamChatEndpoint.HandleAsync).WithTags("Embedding").ExcludeFromDescription();
        return app;
    }

    private static bool IsWidgetAsset(PathString path) =>
        path == "/widget.js" || path == "/widget/frame.js" || path == "/widget/frame.css";
}
