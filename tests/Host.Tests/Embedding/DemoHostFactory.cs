using ChatWidget.Host.Embedding.DemoPartner;
using ChatWidget.HostFixture;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Embedding;

/// <summary>
/// Host as `npm start` runs it (real configuration store, demo seed, demo partner page), in process (see
/// <see cref="InProcessHost"/>), with the partner page on an ephemeral loopback port instead of 5081.
/// </summary>
public sealed class DemoHostFactory : InProcessHost
{
    public DemoHostFactory() => DemoPartnerPage = true;

    /// <summary>The demo partner page's real address (http://127.0.0.1:PORT).</summary>
    public Uri PartnerUrl => new(Services.GetRequiredService<DemoPartnerSite>().Url ?? throw new InvalidOperationException("The demo partner page is not running."));
}
