using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Embedding.DemoPartner;

internal static class DemoPartnerExtensions
{
    /// <summary>The demo partner page: settings (validated at start) and the second listener that serves it.</summary>
    public static IHostApplicationBuilder AddDemoPartner(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoPartnerOptions>().BindConfiguration(DemoPartnerOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DemoPartnerOptions>, DemoPartnerOptionsValidator>();
        builder.Services.AddSingleton<DemoPartnerSite>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DemoPartnerSite>());
        return builder;
    }
}
