using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.SharedState;

/// <summary>
/// A shared PostgreSQL database suggests several instances; without Redis each would keep its own replay store and
/// counters, so a launch token could be exchanged once per instance. Says so once at start.
/// </summary>
public sealed partial class InProcessSharedStateNotice(IOptions<ConfigurationStoreOptions> store, ILogger<InProcessSharedStateNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Value.Database.UsesPostgres) LogOneInstanceOnly(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "Configuration is in PostgreSQL but ConnectionStrings:Redis is not set: launch-token replay protection, rate limits and budgets are per instance. Run one instance only, or set ConnectionStrings:Redis")]
    private static partial void LogOneInstanceOnly(ILogger logger);
}
