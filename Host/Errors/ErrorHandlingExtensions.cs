namespace ChatWidget.Host.Errors;

public static class ErrorHandlingExtensions
{
    /// <summary>The unhandled-exception answer of every surface, and ProblemDetails for those without their own shape.</summary>
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// Catches what the endpoints did not. ASP.NET Core's own diagnostics for the exception are off: their log line
    /// carries the exception's message; <see cref="UnhandledExceptionHandler"/> writes one without it.
    /// </summary>
    public static IApplicationBuilder UseErrorHandling(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = _ => true });
}
