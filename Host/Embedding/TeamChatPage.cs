using Microsoft.AspNetCore.SpaServices.StaticFiles;

namespace ChatWidget.Host.Embedding;

/// <summary>The team chat page's HTML: the widget build's chat.html (the frame app in its team mode).</summary>
public sealed class TeamChatPage(ISpaStaticFileProvider files)
{
    private readonly WidgetHtmlFile _file = new(files, "chat.html");

    /// <summary>The HTML, or null when the widget is not built.</summary>
    public ValueTask<string?> HtmlAsync(CancellationToken cancellationToken) => _file.ReadAsync(cancellationToken);
}
