using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ChatWidget.Admin.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>LTI platforms written straight into the store (as the seed file or Dynamic Registration would), and reads of the result.</summary>
internal static class LtiPlatforms
{
    public const string MoodleIssuer = "https://moodle.example.edu";
    public const string MoodleJwks = "https://moodle.example.edu/mod/lti/certs.php";
    public const string MoodleAuthorization = "https://moodle.example.edu/mod/lti/auth.php";
    public const string InstructorUri = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
    public const string LearnerUri = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";

    public static async Task AddAsync(DashboardHost host, string id, string issuer = MoodleIssuer, string[]? profiles = null,
        string defaultProfile = "support", bool enabled = true, string? jwksUrl = MoodleJwks, Action<StoredPlatform>? configure = null)
    {
        var platform = new StoredPlatform
        {
            Id = id, Issuer = issuer, Algorithms = ["RS256"], JwksUrl = jwksUrl, AllowedOrigins = [MoodleIssuer],
            Profiles = [.. profiles ?? ["support", "spare"]], DefaultProfile = defaultProfile, Enabled = enabled,
        };
        configure?.Invoke(platform);
        await using var db = await CreateContextAsync(host);
        db.Platforms.Add(platform);
        await db.SaveChangesAsync();
    }

    public static async Task<ConfigurationDbContext> CreateContextAsync(DashboardHost host) =>
        await host.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContextAsync();

    /// <summary>What Host serves from right now (no restart, no wait).</summary>
    public static async Task<PlatformSettings> LiveAsync(DashboardHost host, string id) =>
        (await host.Services.GetRequiredService<ILiveConfiguration>().CurrentAsync(CancellationToken.None)).Platforms[id];

    public static async Task<StoredPlatform> StoredAsync(DashboardHost host, string id)
    {
        await using var db = await CreateContextAsync(host);
        return await db.Platforms.AsNoTracking().Include(p => p.LtiRoleProfiles).SingleAsync(p => p.Id == id);
    }

    public static async Task<List<AuditEntry>> AuditAsync(DashboardHost host, string action)
    {
        await using var db = await CreateContextAsync(host);
        return await db.AuditLog.AsNoTracking().Where(a => a.Action == action).ToListAsync();
    }

    /// <summary>A complete, valid lti block as the LTI page's form fields.</summary>
    public static Dictionary<string, string> ValidBlock(string clientId = "abc123") => new()
    {
        ["Input.Enabled"] = "true",
        ["Input.ClientId"] = clientId,
        ["Input.DeploymentIds"] = "1\n2",
        ["Input.AuthorizationUrl"] = MoodleAuthorization,
        ["Input.RoleProfiles[0].Role"] = "Instructor",
        ["Input.RoleProfiles[0].ProfileId"] = "spare",
        ["Input.RoleProfiles[1].Role"] = LearnerUri,
        ["Input.RoleProfiles[1].ProfileId"] = "support",
    };

    /// <summary>The value a form control shows for a field name: an input's value, a textarea's text, a select's chosen option.</summary>
    public static string? FieldValue(IDocument page, string name)
    {
        var element = page.QuerySelector($"form#lti-form [name='{name}'], form#platform-form [name='{name}']");
        return element switch
        {
            IHtmlInputElement input => input.Value,
            IHtmlTextAreaElement area => area.Value.Replace("\r\n", "\n", StringComparison.Ordinal),
            IHtmlSelectElement select => select.Options.FirstOrDefault(o => o.IsSelected)?.Value,
            _ => null,
        };
    }

    public static string FieldError(IDocument page, string name) =>
        page.QuerySelector($"span[data-valmsg-for='{name}']")?.TextContent.Trim() ?? throw new InvalidOperationException($"No message slot for {name}");
}
