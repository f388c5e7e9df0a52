using System.Security.Cryptography;
using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>Optimistic concurrency on the platform pages (edit, keys, LTI, the list's switch), on SQLite and PostgreSQL.</summary>
public sealed class StalePlatformTests
{
    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_platform_saved_from_a_page_opened_before_another_save_is_refused_with_the_other_change_shown(string provider)
    {
        const string page = "/admin/platforms/edit/lms";
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var formA = await DashboardHost.OpenFormAsync(tabs.TabA, page, "#platform-form");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, page, "#platform-form", new() { ["Input.Audience"] = "audience-by-b" }));

        var (refused, differences) = await StaleEditHost.RefusedAsync(
            await formA.PostAsync(tabs.TabA, new() { ["Input.MaxLaunchTokenLifetimeSeconds"] = "120" }));

        Assert.Equal(new Dictionary<string, string> { ["Audience"] = "audience-by-b", ["Max launch token lifetime seconds"] = "300" }, differences);
        Assert.Equal("120", ((IHtmlInputElement)refused.QuerySelector("#Input_MaxLaunchTokenLifetimeSeconds")!).Value);
        var stored = await LtiPlatforms.StoredAsync(tabs.Host, "lms");
        Assert.Equal(("audience-by-b", 300), (stored.Audience, stored.MaxLaunchTokenLifetimeSeconds));

        StaleEditHost.Saved(await OpenForm.Read(refused, page, "#platform-form").PostAsync(tabs.TabA, new() { ["Input.Audience"] = "audience-by-b" }));
        stored = await LtiPlatforms.StoredAsync(tabs.Host, "lms");
        Assert.Equal(("audience-by-b", 120), (stored.Audience, stored.MaxLaunchTokenLifetimeSeconds));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_key_added_from_a_page_opened_before_another_key_change_is_refused_and_the_typed_key_kept(string provider)
    {
        const string page = "/admin/platforms/keys/lms";
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var addA = await DashboardHost.OpenFormAsync(tabs.TabA, page, "#add-pem");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, page, "form.set-kid", new() { ["kid"] = "kid-by-b" }));
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportSubjectPublicKeyInfoPem();

        var (refused, _) = await StaleEditHost.RefusedAsync(await addA.PostAsync(tabs.TabA, new() { ["kid"] = "kid-by-a", ["pem"] = pem }));

        Assert.Equal("kid-by-b", ((IHtmlInputElement)refused.QuerySelector("form.set-kid input[name=kid]")!).Value);
        Assert.Equal("kid-by-a", ((IHtmlInputElement)refused.QuerySelector("#kid-pem")!).Value);
        Assert.Equal(pem.Trim(), ((IHtmlTextAreaElement)refused.QuerySelector("#pem")!).Value.Trim());
        Assert.Single(await KeysAsync(tabs));

        StaleEditHost.Saved(await OpenForm.Read(refused, page, "#add-pem").PostAsync(tabs.TabA, new()));
        Assert.Equal(["kid-by-b", "kid-by-a"], (await KeysAsync(tabs)).Select(k => k.Kid));
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task An_lti_block_saved_from_a_page_opened_before_another_save_is_refused_with_the_other_change_shown(string provider)
    {
        const string page = "/admin/platforms/lti/moodle";
        await using var tabs = await StaleEditHost.StartAsync(provider);
        await LtiPlatforms.AddAsync(tabs.Host, "moodle");
        var formA = await DashboardHost.OpenFormAsync(tabs.TabA, page, "#lti-form");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, page, "#lti-form", LtiPlatforms.ValidBlock("client-by-b")));

        var (refused, differences) = await StaleEditHost.RefusedAsync(await formA.PostAsync(tabs.TabA, LtiPlatforms.ValidBlock("client-by-a")));

        Assert.Equal("client-by-b", differences["Client id"]);
        Assert.Equal("client-by-a", ((IHtmlInputElement)refused.QuerySelector("#Input_ClientId")!).Value);
        Assert.Equal("client-by-b", (await LtiPlatforms.StoredAsync(tabs.Host, "moodle")).LtiClientId);

        StaleEditHost.Saved(await OpenForm.Read(refused, page, "#lti-form").PostAsync(tabs.TabA, new()));
        Assert.Equal("client-by-a", (await LtiPlatforms.StoredAsync(tabs.Host, "moodle")).LtiClientId);
    }

    [Theory, InlineData(DatabaseProviders.Sqlite), InlineData(DatabaseProviders.Postgres)]
    public async Task A_platform_switched_from_a_list_opened_before_another_change_is_left_alone(string provider)
    {
        await using var tabs = await StaleEditHost.StartAsync(provider);
        var toggleA = await DashboardHost.OpenFormAsync(tabs.TabA, "/admin/platforms", "form.toggle");
        StaleEditHost.Saved(await DashboardHost.SubmitAsync(tabs.TabB, "/admin/platforms/edit/lms", "#platform-form", new() { ["Input.Audience"] = "audience-by-b" }));

        var (refused, differences) = await StaleEditHost.RefusedAsync(await toggleA.PostAsync(tabs.TabA, new()));

        Assert.Empty(differences);
        Assert.Contains("shown below as it is now", refused.QuerySelector("#stale-edit")!.TextContent, StringComparison.Ordinal);
        Assert.True((await LtiPlatforms.StoredAsync(tabs.Host, "lms")).Enabled);
        StaleEditHost.Saved(await OpenForm.Read(refused, "/admin/platforms", "form.toggle").PostAsync(tabs.TabA, new()));
        Assert.False((await LtiPlatforms.StoredAsync(tabs.Host, "lms")).Enabled);
    }

    private static async Task<List<StoredPlatformKey>> KeysAsync(StaleEditHost tabs)
    {
        await using var db = await LtiPlatforms.CreateContextAsync(tabs.Host);
        return await db.PlatformKeys.AsNoTracking().Where(k => k.PlatformId == "lms").OrderBy(k => k.Position).ToListAsync();
    }
}
