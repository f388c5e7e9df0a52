using Microsoft.AspNetCore.SpaServices.StaticFiles;

namespace ChatWidget.Host.Embedding;

/// <summary>The frame page's HTML: the widget build's frame.html.</summary>
public sealed class FramePage(ISpaStaticFileProvider files)
{
    private readonly WidgetHtmlFile _file = new(files, "frame.html");

    /// <summary>The HTML, or null when the widget is not built.</summary>
    public ValueTask<string?> HtmlAsync(CancellationToken cancellationToken) => _file.ReadAsync(cancellationToken);
}
