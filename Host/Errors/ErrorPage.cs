using System.Reflection;
using System.Text.Encodings.Web;

namespace ChatWidget.Host.Errors;

/// <summary>The page a browser gets for an unhandled exception: <c>ErrorPage.html</c>, with the log's reference.</summary>
internal static class ErrorPage
{
    // The page loads nothing and posts nothing; it may show inside the partner's frame, so framing stays allowed.
    private const string ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'";

    private static readonly string Template = ReadTemplate();

    public static Task WriteAsync(HttpContext context, string reference, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return context.Response.WriteAsync(Template.Replace("{reference}", HtmlEncoder.Default.Encode(reference)), cancellationToken);
    }

    private static string ReadTemplate()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ChatWidget.Host.Errors.ErrorPage.html")
            ?? throw new InvalidOperationException("ErrorPage.html is not embedded in Host.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
