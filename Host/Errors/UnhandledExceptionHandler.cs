using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Host.Errors;

/// <summary>
/// The one answer to an exception nothing else handled: status 500 in the failing endpoint's own error shape
/// (<see cref="UnhandledErrorAnswer"/>), else an HTML page for browsers, else ProblemDetails. The log line names the
/// exception types, the method, the path (never the query) and the stack, and carries a reference the answer repeats;
/// exception messages are left out because they can quote what the request carried.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnhandledExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var feature = context.Features.Get<IExceptionHandlerFeature>();
        var reference = context.TraceIdentifier;
        Unhandled(logger, TypeChain(exception), context.Request.Method, feature?.Path ?? context.Request.Path.Value ?? "", reference, Stacks(exception));

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers.CacheControl = "no-store";
        var answer = feature?.Endpoint?.Metadata.GetMetadata<UnhandledErrorAnswer>();
        if (answer is not null)
        {
            await answer.Create().ExecuteAsync(context);
            return true;
        }

        if (AcceptsHtml(context.Request))
        {
            await ErrorPage.WriteAsync(context, reference, cancellationToken);
            return true;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "The server could not complete this request.",
                Detail = $"Try again in a moment. If it keeps happening, give your administrator this reference: {reference}",
            },
        });
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(media => media.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static string TypeChain(Exception exception)
    {
        var types = new StringBuilder(exception.GetType().FullName);
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            types.Append(" <- ").Append(inner.GetType().FullName);
        return types.ToString();
    }

    private static string Stacks(Exception exception)
    {
        var stacks = new StringBuilder(exception.StackTrace);
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            stacks.AppendLine().Append("  inner ").AppendLine(inner.GetType().FullName).Append(inner.StackTrace);
        return stacks.ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "Unhandled {ExceptionTypes} on {Method} {Path}, answered 500 with reference {Reference}\n{StackTrace}")]
    private static partial void Unhandled(ILogger logger, string exceptionTypes, string method, string path, string reference, string stackTrace);
}
