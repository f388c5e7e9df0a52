using AngleSharp.Html.Dom;
using ChatWidget.Admin.Accounts;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>Optimistic concurrency on team access, administrator accounts (Identity's ConcurrencyStamp) and the model list.</summary>
public sealed class StaleTeamAndAdminTests
{
    private const string Second = "second@example.org";

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_team_profile_chosen_on_a_page_opened_before_another_team_change_is_refused_and_the_choice_kept(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var profileA = await DashboardHost.OpenFormAsync(tabs.TabA, "/admin/team", "#team-profile");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, "/admin/team", "#team-off", new()));

        var (refused, _) = await StaleEditHost.RefusedAsync(await profileA.PostAsync(tabs.TabA, new() { ["profileId"] = "spare" }));

        Assert.Contains("off", refused.QuerySelector("section.card strong")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("spare", ((IHtmlSelectElement)refused.QuerySelector("#profileId")!).Value);
        Assert.Equal(("support", false), await TeamAsync(tabs));

        StaleEditHost.Saved(await OpenForm.Read(refused, "/admin/team", "#team-profile").PostAsync(tabs.TabA, new()));
        Assert.Equal(("spare", false), await TeamAsync(tabs));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task Disabling_an_administrator_whose_account_changed_since_the_list_was_opened_is_refused(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        await tabs.Host.CreateAdminAsync(Second, "another-good-passphrase-77");
        const string disable = "form:has(button[formaction*=Disable])";
        var disableA = await DashboardHost.OpenFormAsync(tabs.TabA, "/admin/admins", disable);
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, "/admin/admins", disable, new(), submitHandler: "Disable"));
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, "/admin/admins", "form:has(button[formaction*=Enable])", new(), submitHandler: "Enable"));

        var (refused, _) = await StaleEditHost.RefusedAsync(await disableA.PostAsync(tabs.TabA, new(), submitHandler: "Disable"));

        Assert.Contains("the account " + Second, refused.QuerySelector("#stale-edit")!.TextContent, StringComparison.Ordinal);
        Assert.False(await IsDisabledAsync(tabs));
        StaleEditHost.Saved(await OpenForm.Read(refused, "/admin/admins", disable).PostAsync(tabs.TabA, new(), submitHandler: "Disable"));
        Assert.True(await IsDisabledAsync(tabs));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_model_removed_from_a_list_opened_before_another_change_of_it_is_kept(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        await using (var db = await LtiPlatforms.CreateContextAsync(tabs.Host))
        {
            db.Models.Add(new StoredModel { Id = "spare-model", Provider = ModelProviders.Offline, ModelName = ModelProviders.Offline, ContextWindow = 8192 });
            await db.SaveChangesAsync();
        }

        const string actions = "form.model-actions[data-model=spare-model]";
        var removeA = await DashboardHost.OpenFormAsync(tabs.TabA, "/admin/models", actions);
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, "/admin/models/edit/spare-model", "#model-form", new() { ["Input.ContextWindow"] = "4096" }));

        await StaleEditHost.RefusedAsync(await removeA.PostAsync(tabs.TabA, new(), submitHandler: "Remove"));

        await using var after = await LtiPlatforms.CreateContextAsync(tabs.Host);
        Assert.Equal(4096, (await after.Models.AsNoTracking().SingleAsync(m => m.Id == "spare-model")).ContextWindow);
    }

    private static async Task<(string? Profile, bool Enabled)> TeamAsync(StaleEditHost tabs)
    {
        await using var db = await LtiPlatforms.CreateContextAsync(tabs.Host);
        var team = await db.TeamAccess.AsNoTracking().SingleAsync();
        return (team.ProfileId, team.Enabled);
    }

    private static async Task<bool> IsDisabledAsync(StaleEditHost tabs)
    {
        await using var scope = tabs.Host.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(Second);
        return AdminAccounts.IsDisabled(user!);
    }
}
