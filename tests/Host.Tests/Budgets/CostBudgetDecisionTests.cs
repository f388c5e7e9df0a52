using System.Diagnostics.Metrics;
using ChatWidget.Host.Budgets;
using ChatWidget.Host.Observability;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ChatWidget.Host.Tests.Budgets;

/// <summary>
/// The budget decisions of <see cref="CostBudgets"/> against a mocked <see cref="ITokenBudgetStore"/>: what the store is
/// asked (the session's window, the platform's own daily limit), what its answer turns into, and that switched-off
/// budgets never reach the store at all (with Redis, no round trip per turn).
/// </summary>
public sealed class CostBudgetDecisionTests
{
    private static readonly DateTimeOffset LateEvening = new(2026, 12, 2, 23, 59, 30, TimeSpan.Zero);
    private static readonly ChatSession Session = new("session-7", "lms", "support", "https://lms.example.edu", null, 1, LateEvening.AddHours(8));

    private readonly Mock<ITokenBudgetStore> _store = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(LateEvening);

    private static readonly ChatWidgetMetrics Metrics =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private CostBudgets Budgets(CostBudgetOptions options)
    {
        var monitor = Mock.Of<IOptionsMonitor<CostBudgetOptions>>(m => m.CurrentValue == options);
        var alerts = new BudgetAlerts(_store.Object, monitor, Metrics, NullLogger<BudgetAlerts>.Instance);
        return new(_store.Object, monitor, alerts, Metrics, _clock, NullLogger<CostBudgets>.Instance);
    }

    private void StoreAnswers(BudgetStanding standing) =>
        _store.Setup(s => s.StandingAsync(It.IsAny<BudgetQuery>(), It.IsAny<CancellationToken>())).ReturnsAsync(standing);

    [Fact]
    public async Task The_store_is_asked_about_this_session_in_its_window_and_the_platforms_own_daily_limit()
    {
        StoreAnswers(new BudgetStanding(null, 0));
        var options = new CostBudgetOptions { SessionTokens = 1000, SessionWindowMinutes = 30, PlatformDailyTokens = 5000 };
        options.Platforms["lms"] = new PlatformBudget { DailyTokens = 20_000 };

        var refusal = await Budgets(options).RefuseAsync(new DefaultHttpContext(), Session, CancellationToken.None);

        Assert.Null(refusal);
        _store.Verify(s => s.StandingAsync(new BudgetQuery("session-7", 1000, TimeSpan.FromMinutes(30), "lms", 20_000, LateEvening),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_session_over_its_budget_gets_429_with_the_stores_wait_rounded_up()
    {
        StoreAnswers(new BudgetStanding(TimeSpan.FromSeconds(41.2), 0));
        var http = new DefaultHttpContext();

        var refusal = await Budgets(new CostBudgetOptions()).RefuseAsync(http, Session, CancellationToken.None);

        var (status, body) = await ResultExecution.ExecuteAsync(refusal!);
        Assert.Equal(StatusCodes.Status429TooManyRequests, status);
        Assert.Equal("42", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal(CostBudgets.ExhaustedCode, body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("This conversation has used its token budget", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_platform_that_used_its_day_waits_until_utc_midnight()
    {
        StoreAnswers(new BudgetStanding(null, 5000));
        var http = new DefaultHttpContext();

        var refusal = await Budgets(new CostBudgetOptions { PlatformDailyTokens = 5000 }).RefuseAsync(http, Session, CancellationToken.None);

        var (status, body) = await ResultExecution.ExecuteAsync(refusal!);
        Assert.Equal(StatusCodes.Status429TooManyRequests, status);
        Assert.Equal("30", http.Response.Headers.RetryAfter.ToString());
        Assert.Contains("daily token budget", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_is_charged_its_prompt_and_completion_even_when_the_request_was_cancelled()
    {
        _store.Setup(s => s.ChargeAsync("session-7", "lms", 1234 + 56, LateEvening, TimeSpan.FromMinutes(60), CancellationToken.None))
            .Returns(ValueTask.CompletedTask).Verifiable(Times.Once);
        StoreAnswers(new BudgetStanding(null, 0)); // the budget alerts look where the budget stood before and after

        await Budgets(new CostBudgetOptions()).ChargeAsync(Session, promptTokens: 1234, completionTokens: 56);

        _store.Verify();
    }

    [Fact]
    public async Task Switched_off_budgets_neither_ask_nor_charge_the_store()
    {
        var budgets = Budgets(new CostBudgetOptions { Enabled = false, SessionTokens = 1 });

        Assert.Null(await budgets.RefuseAsync(new DefaultHttpContext(), Session, CancellationToken.None));
        await budgets.ChargeAsync(Session, 10_000, 10_000);

        _store.VerifyNoOtherCalls();
    }
}
