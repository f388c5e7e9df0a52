using System.Net;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Tests.Dashboard;
using ChatWidget.Host.Sessions;
using ChatWidget.TestServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>
/// <c>database copy --to-postgres</c> on a lived-in SQLite installation: an administrator with two-factor sign-in, a profile
/// with two published versions and a draft, an encrypted model API key and HS256 platform secret, a live session.
/// </summary>
public sealed class DatabaseCopyTests
{
    private const string Admin = DashboardHost.AdminEmail;
    private const string Password = "pg-PASSWORD-never-printed-2718";

    [Fact]
    public async Task A_copied_installation_is_served_from_PostgreSQL_with_its_administrators_secrets_and_sessions()
    {
        await using var sqlite = new DashboardHost();
        await sqlite.CreateAdminAsync();
        var (authenticatorKey, recoveryCodes) = await EnableTwoFactorAsync(sqlite);
        var catalog = sqlite.Services.GetRequiredService<ProfileCatalog>();
        var support = (await catalog.LoadAsync("support", TestTimeout.Token))!.Value;
        Assert.True((await catalog.SaveDraftAsync("support", support.Document with { Greeting = "Hello from v2" }, Admin, support.Stamp, TestTimeout.Token)).Succeeded);
        var draft = (await catalog.LoadAsync("support", TestTimeout.Token))!.Value;
        Assert.True((await catalog.PublishAsync("support", Admin, draft.Stamp, TestTimeout.Token)).Succeeded);
        var spare = (await catalog.LoadAsync("spare", TestTimeout.Token))!.Value;
        Assert.True((await catalog.SaveDraftAsync("spare", spare.Document with { Title = "Spare, being edited" }, Admin, spare.Stamp, TestTimeout.Token)).Succeeded);
        var session = await sqlite.LaunchAccessTokenAsync();
        var before = Canonical(await sqlite.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(TestTimeout.Token));
        var target = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() + ";Password=" + Password;

        var (exitCode, output, error) = await CopyAsync(sqlite, target);

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"AspNetUsers\s+1\b", output);
        Assert.Matches(@"AspNetUserTokens\s+2\b", output); // the authenticator key and the recovery codes
        Assert.Matches(@"ProfileVersions\s+3\b", output);
        Assert.Matches(@"ProfileDrafts\s+1\b", output);
        Assert.Matches(@"DataProtectionKeys\s+1\b", output);
        Assert.Matches(@"HostKeyRing\s+1\b", output);
        foreach (var secret in new[] { Password, DashboardHost.ApiKey, DashboardHost.SharedSecret, DashboardHost.TeamPassword })
            Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);

        // Another machine: a data directory of its own, only the PostgreSQL database in common, no seed file.
        await using var postgres = new DashboardHost(web => web
            .UseSetting("ChatWidget:Database:Provider", DatabaseProviders.Postgres)
            .UseSetting("ConnectionStrings:ChatWidget", target)
            .UseSetting("ChatWidget:SeedFile", ""));

        // The same configuration, every secret decrypted with the copied Data Protection keys.
        Assert.Equal(before, Canonical(await postgres.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(TestTimeout.Token)));
        Assert.Contains(DashboardHost.ApiKey, before, StringComparison.Ordinal);
        Assert.Contains(DashboardHost.SharedSecret, before, StringComparison.Ordinal);

        // The session launched on SQLite goes on: the key ring came along.
        Assert.Equal("Hello from v2", (await postgres.PublicProfileAsync(session)).GetProperty("greeting").GetString());
        Assert.False(string.IsNullOrEmpty(await postgres.LaunchAccessTokenAsync())); // the HS256 secret decrypts

        // The administrator signs in with the password and a code from the same authenticator, or a recovery code.
        var withCode = postgres.CreateClient();
        var first = await DashboardHost.SignInAsync(withCode, Admin, DashboardHost.AdminPassword);
        Assert.StartsWith("/admin/login-2fa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var second = await DashboardHost.SubmitAsync(withCode, first.Headers.Location!.OriginalString, "form", new() { ["Code"] = TwoFactorTests.Totp(authenticatorKey) });
        Assert.Equal("/admin", second.Headers.Location!.OriginalString);
        var withRecovery = postgres.CreateClient();
        await DashboardHost.SignInAsync(withRecovery, Admin, DashboardHost.AdminPassword);
        var recovered = await DashboardHost.SubmitAsync(withRecovery, "/admin/login-recovery", "form", new() { ["RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withRecovery.GetAsync("/admin")).StatusCode);

        // History came along, and new rows continue after the copied ids.
        var postgresCatalog = postgres.Services.GetRequiredService<ProfileCatalog>();
        Assert.Equal([2, 1], (await postgresCatalog.VersionsAsync("support", TestTimeout.Token)).Select(v => v.Number));
        Assert.True((await postgresCatalog.LoadAsync("spare", TestTimeout.Token))!.Value.IsDraft);
        Assert.True((await postgresCatalog.RestoreAsync("support", 1, Admin, TestTimeout.Token)).Succeeded);
        Assert.Equal([3, 2, 1], (await postgresCatalog.VersionsAsync("support", TestTimeout.Token)).Select(v => v.Number));
    }

    [Fact]
    public async Task A_second_copy_into_the_same_database_is_refused_and_writes_nothing()
    {
        await using var sqlite = new DashboardHost();
        await sqlite.CreateAdminAsync();
        var target = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        Assert.Equal(0, (await CopyAsync(sqlite, target)).ExitCode);
        var rowsAfterFirstCopy = await PostgresDump.AllRowsAsync(target);

        var (exitCode, output, error) = await CopyAsync(sqlite, target);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("The PostgreSQL database already holds ChatWidget data (", error, StringComparison.Ordinal);
        Assert.Contains("AspNetUsers: 1", error, StringComparison.Ordinal);
        Assert.Equal(rowsAfterFirstCopy.Order(), (await PostgresDump.AllRowsAsync(target)).Order());
    }

    private static async Task<(int ExitCode, string Output, string Error)> CopyAsync(DashboardHost sqlite, string target)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = await DatabaseCopyCommand.RunAsync(sqlite.Services, target, sqlite.Services.GetRequiredService<HostKeyRingFile>().Path,
            output, error, TestTimeout.Token);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Turns on TOTP for the administrator through the dashboard, as they would; returns the key and the recovery codes.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(DashboardHost host)
    {
        var admin = await host.SignedInClientAsync();
        var key = (await DashboardHost.GetPageAsync(admin, "/admin/account/twofactor")).QuerySelector("code.secret-once")!.TextContent;
        var enabled = await DashboardHost.SubmitAsync(admin, "/admin/account/twofactor", "form[action*=Enable]", new() { ["Code"] = TwoFactorTests.Totp(key) });
        var codes = DashboardHost.Parse(await enabled.Content.ReadAsStringAsync()).QuerySelectorAll("ul.codes code").Select(c => c.TextContent).ToList();
        Assert.NotEmpty(codes);
        return (key, codes);
    }

    /// <summary>
    /// The snapshot as JSON with every map in id order and the version left out (the copy bumps it), secrets included:
    /// equal text means equal configuration, decrypted alike. A snapshot is never serialised outside tests.
    /// </summary>
    private static string Canonical(ConfigurationSnapshot snapshot) => JsonSerializer.Serialize(new
    {
        Models = snapshot.Models.OrderBy(m => m.Key, StringComparer.Ordinal).ToList(),
        Profiles = snapshot.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
        Platforms = snapshot.Platforms.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
        snapshot.Team,
    });
}
