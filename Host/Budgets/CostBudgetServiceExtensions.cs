using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Host.Budgets;

public static class CostBudgetServiceExtensions
{
    /// <summary>Token budgets of the chat endpoint (<see cref="CostBudgetOptions"/>, validated at start), counted in memory.</summary>
    public static IHostApplicationBuilder AddCostBudgets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CostBudgetOptions>().BindConfiguration(CostBudgetOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenBudgetStore>();
        builder.Services.AddSingleton<CostBudgets>();
        return builder;
    }
}
