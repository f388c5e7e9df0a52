namespace ChatWidget.Host.RequestHygiene;

/// <summary>
/// Headers every response gets unless its endpoint set its own: the frame page and the dashboard write their own
/// Content-Security-Policy, so this one is added only where none is set by the time the response starts.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>For JSON, event streams and everything else that is not a page: nothing may load, nothing may frame it.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var development = app.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment();
        // HSTS only over HTTPS and never on localhost (ASP.NET Core's defaults); not in Development, where a browser
        // remembering it would break plain-HTTP work on the same host name.
        if (!development) app.UseHsts();

        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state => Apply((HttpResponse)state), context.Response);
            return next(context);
        });
    }

    private static Task Apply(HttpResponse response)
    {
        var headers = response.Headers;
        if (!headers.ContainsKey("X-Content-Type-Options")) headers.XContentTypeOptions = "nosniff";
        if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "no-referrer";
        if (!headers.ContainsKey("Permissions-Policy")) headers["Permissions-Policy"] = PermissionsPolicy;
        // A page without its own policy is left alone (it would break it); anything else can carry the strictest one.
        if (!headers.ContainsKey("Content-Security-Policy") && !IsHtml(response.ContentType))
            headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
        return Task.CompletedTask;
    }

    private static bool IsHtml(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
