using ChatWidget.Host.Embedding.DemoPartner;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatWidget.Host.Embedding;

/// <summary>Once Host listens, says which URLs to open, so `npm start` ends with something to click.</summary>
internal sealed class StartupAnnouncement(
    IHostApplicationLifetime lifetime,
    IServer server,
    DemoPartnerSite demo,
    ILogger<StartupAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        // In-process test servers have no addresses; there is nothing to open.
        var host = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (host is null) return;

        if (demo.Url is not null)
        {
            logger.LogInformation("ChatWidget is running. Open the demo partner page: {DemoUrl} (Host: {HostUrl}, widget script: {WidgetScriptUrl})",
                demo.Url, host, $"{host}/widget.js");
        }
        else
        {
            logger.LogInformation("ChatWidget is running at {HostUrl} (widget script: {WidgetScriptUrl})", host, $"{host}/widget.js");
        }
    }
}
