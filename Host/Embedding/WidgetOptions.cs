namespace ChatWidget.Host.Embedding;

/// <summary>Settings under <c>ChatWidget:Widget</c>: where the built browser code is and how it is served.</summary>
public sealed class WidgetOptions
{
    public const string SectionName = "ChatWidget:Widget";

    /// <summary>
    /// The widget build output (widget.js, frame.js, frame.css, frame.html). A relative path is resolved against
    /// the content root, so the default is the repository's <c>Widget/dist</c> when Host runs from source.
    /// </summary>
    public string DistDirectory { get; set; } = Path.Combine("..", "Widget", "dist");

    /// <summary>
    /// Optional, Development only: a Vite dev server (serving with base <c>/widget/</c>) that <c>/widget/*</c> is
    /// proxied to instead of <see cref="DistDirectory"/>. The frame page itself is always Host's.
    /// </summary>
    public string? DevServerUrl { get; set; }
}
