using ChatWidget.Host.SharedState;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Host.Budgets;

public static class CostBudgetServiceExtensions
{
    /// <summary>Token budgets of the chat endpoint (<see cref="CostBudgetOptions"/>, validated at start), counted in this
    /// process, or by every instance together in Redis with shared state.</summary>
    public static IHostApplicationBuilder AddCostBudgets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CostBudgetOptions>().BindConfiguration(CostBudgetOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InMemoryTokenBudgetStore>();
        if (builder.Services.UsesSharedRedis()) builder.Services.TryAddSingleton<ITokenBudgetStore, RedisTokenBudgetStore>();
        builder.Services.TryAddSingleton<ITokenBudgetStore>(provider => provider.GetRequiredService<InMemoryTokenBudgetStore>());
        builder.Services.AddSingleton<BudgetAlerts>();
        builder.Services.AddSingleton<CostBudgets>();
        return builder;
    }
}
