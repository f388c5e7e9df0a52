using System.Text;
using System.Text.Encodings.Web;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Embedding;
using Microsoft.AspNetCore.SpaServices.StaticFiles;

namespace ChatWidget.Host.Lti;

/// <summary>
/// The pages of an LTI launch: the widget build's lti.html with the launch's data attributes (the storage step of the
/// login, the chat of a verified launch), and the plain refusal page. Every one is for one browser at one moment:
/// <c>no-store</c>, and framed only by the platform's registered origins.
/// </summary>
public sealed class LtiPages(ISpaStaticFileProvider files)
{
    private const string RootElement = "<div id=\"chatwidget-root\"></div>";

    private const string RefusalHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chat not available</title></head>
        <body><main><h1>This launch could not be verified</h1><p>Open the activity again from your course. If this keeps happening, tell your course administrator.</p></main></body>
        </html>
        """;

    private readonly WidgetHtmlFile _file = new(files, "lti.html");

    /// <summary>lti.html with <paramref name="attributes"/> on its root element (names without <c>data-</c>, values encoded here).</summary>
    public async Task WriteAsync(HttpContext http, PlatformSettings platform, IReadOnlyDictionary<string, string?> attributes)
    {
        WidgetPageResponse.SetHeaders(http.Response, FrameContentSecurityPolicy.For(platform));
        var html = await _file.ReadAsync(http.RequestAborted);
        if (html is null || !html.Contains(RootElement, StringComparison.Ordinal))
        {
            await WidgetPageResponse.WriteNotAvailableAsync(http.Response, StatusCodes.Status503ServiceUnavailable, http.RequestAborted);
            return;
        }

        await http.Response.WriteAsync(html.Replace(RootElement, Root(attributes), StringComparison.Ordinal), http.RequestAborted);
    }

    /// <summary>400 with a page that gives no reason (the log has it), so a refusal tells an attacker nothing.</summary>
    public static Task WriteRefusalAsync(HttpContext http)
    {
        // Nothing on it is worth clickjacking, and the learner should read it inside the platform's frame.
        WidgetPageResponse.SetHeaders(http.Response, "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *");
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return http.Response.WriteAsync(RefusalHtml, http.RequestAborted);
    }

    private static string Root(IReadOnlyDictionary<string, string?> attributes)
    {
        var root = new StringBuilder("<div id=\"chatwidget-root\"");
        foreach (var (name, value) in attributes)
        {
            if (value is not null) root.Append(" data-").Append(name).Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
        }

        return root.Append("></div>").ToString();
    }
}
