using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatWidget.Admin.Configuration;

public static class ConfigurationStoreExtensions
{
    // SCAFFOLD: replaced by the EF Core store (issue 2, configuration store).
    public static IHostApplicationBuilder AddConfigurationStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ILiveConfiguration>(new StaticConfiguration(ConfigurationSnapshot.Empty));
        return builder;
    }

    private sealed class StaticConfiguration(ConfigurationSnapshot snapshot) : ILiveConfiguration
    {
        public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken) => ValueTask.FromResult(snapshot);
    }
}
