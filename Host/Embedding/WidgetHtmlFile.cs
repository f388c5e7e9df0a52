using Microsoft.AspNetCore.SpaServices.StaticFiles;

namespace ChatWidget.Host.Embedding;

/// <summary>
/// One HTML page of the widget build (frame.html, chat.html), so Host serves exactly what the frame code expects.
/// It is read once and kept in memory, and read again only when a rebuild changed the file.
/// </summary>
internal sealed class WidgetHtmlFile(ISpaStaticFileProvider files, string fileName)
{
    private volatile Cached? _cached;

    /// <summary>The HTML, or null when the widget is not built.</summary>
    public async ValueTask<string?> ReadAsync(CancellationToken cancellationToken)
    {
        var file = files.FileProvider?.GetFileInfo(fileName);
        if (file is null || !file.Exists) return null;

        var cached = _cached;
        if (cached is not null && cached.LastModified == file.LastModified) return cached.Html;

        await using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream);
        var html = await reader.ReadToEndAsync(cancellationToken);
        _cached = new Cached(file.LastModified, html);
        return html;
    }

    private sealed record Cached(DateTimeOffset LastModified, string Html);
}
