using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Host.SharedState;

public static class SharedStateServiceExtensions
{
    public const string RedisConnectionStringName = "Redis";

    /// <summary>
    /// With <c>ConnectionStrings:Redis</c>, everything instances must agree on moves to Redis together, never half: the
    /// launch-token replay store and LTI login states and launch codes, every rate-limit bucket and open-streams count,
    /// token budgets (each registered by its feature, see <see cref="UsesSharedRedis"/>), and configuration-change
    /// notifications. Without it each feature keeps its in-memory default (and Host warns at start if configuration is in
    /// PostgreSQL, which suggests several instances). Call before the features.
    /// </summary>
    public static IHostApplicationBuilder AddSharedState(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(RedisConnectionStringName);
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddHostedService<InProcessSharedStateNotice>();
            return builder;
        }

        services.AddOptions<SharedStateOptions>().BindConfiguration(SharedStateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new RedisConnectionString(connectionString));
        services.AddSingleton<SharedRedis>();
        services.AddSingleton<RedisConfigurationChangeBus>();
        services.AddSingleton<IConfigurationChangeNotifier>(provider => provider.GetRequiredService<RedisConfigurationChangeBus>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisConfigurationChangeBus>());
        return builder;
    }

    /// <summary>
    /// Whether <see cref="AddSharedState"/> found Redis: each feature then registers its Redis store in place of its
    /// in-memory default (replay store, LTI tickets, rate limits, token budgets), so they all move together.
    /// </summary>
    public static bool UsesSharedRedis(this IServiceCollection services) => services.Any(d => d.ServiceType == typeof(SharedRedis));
}
