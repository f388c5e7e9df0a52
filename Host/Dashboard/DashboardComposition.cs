using ChatWidget.Admin;
using ChatWidget.Admin.Configuration.Usage;

namespace ChatWidget.Host.Dashboard;

public static class DashboardComposition
{
    /// <summary>The admin dashboard (Admin's Razor Pages), plus the Host services its pages use through Admin's interfaces.</summary>
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.AddAdminDashboard();
        builder.Services.AddSingleton<ILaunchTokenInspector, LaunchTokenInspector>();
        builder.Services.AddSingleton<IPlatformBudgets, PlatformBudgets>();
        return builder;
    }

    /// <summary>Security headers and assets under /admin, then the dashboard's Razor Pages.</summary>
    public static WebApplication MapAdmin(this WebApplication app) => app.MapAdminDashboard();
}
