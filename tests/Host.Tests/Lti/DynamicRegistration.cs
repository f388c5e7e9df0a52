using System.Net;
using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>
/// LTI Dynamic Registration end to end: Host in process, the platform a real server on loopback. Each test opens the
/// registration link the way Moodle or Canvas do (a GET with <c>openid_configuration</c> and <c>registration_token</c>)
/// and then looks at what the platform received and what the configuration database holds. This base holds that setup.
/// </summary>
public abstract partial class DynamicRegistration : IAsyncLifetime
{
    protected const string Administrator = "root@example.org";

    /// <summary>Every category at Trace, HttpClient's and EF Core's included, so the canary test sees every log line.</summary>
    private static readonly Dictionary<string, string?> TraceEverything = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    };

    protected readonly string _registrationToken = $"CANARY-REGISTRATION-TOKEN-{Guid.NewGuid():N}";
    protected FakeRegistrationPlatform _platform = null!;
    protected HostFactory _host = null!;
    protected HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _platform = await FakeRegistrationPlatform.StartAsync();
        _host = new HostFactory(new TestPlatforms().Snapshot(), settings: TraceEverything);
        _client = _host.CreateClient(new() { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        await _platform.DisposeAsync();
    }

    protected LtiRegistrationInvites Invites => _host.Services.GetRequiredService<LtiRegistrationInvites>();

    protected async Task<string> NewInviteAsync() => (await Invites.CreateAsync(Administrator, CancellationToken.None)).Secret;

    protected Task<HttpResponseMessage> OpenAsync(string invite, Uri? configuration = null, bool withToken = true)
    {
        var url = $"/lti/register?invite={Uri.EscapeDataString(invite)}" +
                  $"&openid_configuration={Uri.EscapeDataString((configuration ?? _platform.ConfigurationUrl()).ToString())}" +
                  (withToken ? $"&registration_token={Uri.EscapeDataString(_registrationToken)}" : "");
        return _client.GetAsync(url);
    }

    protected async Task<T> WithDatabaseAsync<T>(Func<ConfigurationDbContext, Task<T>> read)
    {
        var factory = _host.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await read(db);
    }

    protected Task<List<StoredPlatform>> RegisteredPlatformsAsync() =>
        WithDatabaseAsync(db => db.Platforms.AsNoTracking().Where(p => p.LtiClientId != null).ToListAsync());

    protected async Task<LtiInvite> InviteAsync(string secret) =>
        (await Invites.ListAsync(CancellationToken.None)).Single(i => i.Id == LtiInviteSecret.Hash(secret));

    protected static string Message(string html) => WebUtility.HtmlDecode(MessageElement().Match(html).Groups[1].Value);

    [GeneratedRegex("<p id=\"message\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex MessageElement();
}
