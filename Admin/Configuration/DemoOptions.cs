namespace ChatWidget.Admin.Configuration;

/// <summary>Settings of the embedded demo, bound from <c>ChatWidget:Demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// Origin of the demo partner page: it is both the demo platform's issuer and its only allowed embedding origin.
    /// </summary>
    public string PartnerOrigin { get; set; } = "http://localhost:5081";
}
