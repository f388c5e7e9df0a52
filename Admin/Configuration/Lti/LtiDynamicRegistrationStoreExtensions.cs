using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Admin.Configuration;

public static class LtiDynamicRegistrationStoreExtensions
{
    /// <summary>
    /// The registration links (<see cref="LtiRegistrationInvites"/>) and the writer of dynamically registered platforms,
    /// over the configuration store (<see cref="ConfigurationStoreExtensions.AddConfigurationStore"/>).
    /// </summary>
    public static IServiceCollection AddLtiDynamicRegistrationStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LtiRegistrationInvites>();
        services.TryAddSingleton<DynamicallyRegisteredPlatforms>();
        return services;
    }
}
