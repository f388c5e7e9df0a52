namespace ChatWidget.Admin.Configuration;

/// <summary>Settings of the embedded demo, bound from <c>ChatWidget:Demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// Whether the demo exists: an empty database without a seed file is seeded with the demo platform, profile and
    /// model, and Host serves the demo partner page. On in Development (appsettings.Development.json), off otherwise,
    /// so that a production database never gets a demo platform with a private key lying in the data directory.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Origin of the demo partner page: it is both the demo platform's issuer and its only allowed embedding origin.
    /// </summary>
    public string PartnerOrigin { get; set; } = "http://localhost:5081";
}
