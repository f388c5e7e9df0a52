namespace ChatWidget.Host.Embedding.DemoPartner;

/// <summary>
/// Host's side of the <c>ChatWidget:Demo</c> section (Admin binds <c>PartnerOrigin</c> from the same section):
/// whether Host also serves the demo partner page, and where.
/// </summary>
public sealed class DemoPartnerOptions
{
    public const string SectionName = "ChatWidget:Demo";

    /// <summary>Serve the demo partner page on <c>PartnerOrigin</c>'s port. On in Development (appsettings.Development.json), off otherwise.</summary>
    public bool Enabled { get; set; }

    /// <summary>Host's public base URL as the demo page's browser reaches it; widget.js is loaded from here.</summary>
    public string HostUrl { get; set; } = "http://localhost:5080";

    /// <summary>
    /// Optional Kestrel address for the demo page (e.g. <c>http://127.0.0.1:0</c> in tests). Default: <c>PartnerOrigin</c>,
    /// which must then be an http origin.
    /// </summary>
    public string? ListenUrl { get; set; }
}
