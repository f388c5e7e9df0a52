using AngleSharp.Dom;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ChatWidget.Admin.Accounts;
using ChatWidget.HostFixture;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>
/// The whole Host in process (see <see cref="InProcessHost"/>) in Development, seeded with a file whose secrets the
/// test knows: an HS256 platform (so the test can mint launch tokens), a model with an API key, and a team password.
/// Its clients keep cookies and do not follow redirects, as the dashboard tests read them.
/// </summary>
public sealed class DashboardHost : InProcessHost
{
    public const string AdminEmail = "root@example.org";
    public const string AdminPassword = "violet-harbour-92-lantern";
    public const string ApiKey = "sk-SECRET-api-key-7f3e9a1c";
    public const string SharedSecret = "SECRET-hs256-shared-secret-0123456789abcdef";
    public const string TeamPassword = "SECRET-team-password-314159";
    public const string PlatformOrigin = "https://lms.example.edu";
    public const string Issuer = "https://lms.example.edu";

    private static readonly HtmlParser Parser = new();
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="configure">The test's own settings and services, applied last.</param>
    public DashboardHost(Action<IWebHostBuilder>? configure = null)
    {
        _configure = configure;
        var seedPath = Path.Combine(Root, "seed.json");
        File.WriteAllText(seedPath, Seed().ToJsonString());
        EnvironmentName = "Development";
        Settings = new Dictionary<string, string?>
        {
            ["ChatWidget:SeedFile"] = seedPath,
            ["ChatWidget:Admin:SecurityStampValidationSeconds"] = "0",
            ["ChatWidget:Llm:OfflineWordDelayMilliseconds"] = "0",
        };
        ClientOptions.AllowAutoRedirect = false;
    }

    /// <summary>The host's temporary directory: its data and the seed file.</summary>
    public string Root => DataDirectory;

    public static JsonObject Seed() => new()
    {
        ["models"] = new JsonArray(
            new JsonObject { ["id"] = "offline", ["provider"] = "offline" },
            new JsonObject { ["id"] = "fast", ["provider"] = "openai", ["baseUrl"] = "http://127.0.0.1:9/v1", ["apiKey"] = ApiKey, ["model"] = "gpt-4o-mini" }),
        ["profiles"] = new JsonArray(
            new JsonObject { ["id"] = "support", ["title"] = "Course assistant", ["instructions"] = "You are helpful.", ["model"] = "offline", ["greeting"] = "Hello from v1" },
            new JsonObject { ["id"] = "spare", ["title"] = "Spare", ["model"] = "fast" }),
        ["platforms"] = new JsonArray(new JsonObject
        {
            ["id"] = "lms", ["issuer"] = Issuer, ["algorithms"] = new JsonArray("HS256"), ["sharedSecret"] = SharedSecret,
            ["allowedOrigins"] = new JsonArray(PlatformOrigin), ["profiles"] = new JsonArray("support"), ["defaultProfile"] = "support",
        }),
        ["team"] = new JsonObject { ["enabled"] = true, ["password"] = TeamPassword, ["profile"] = "support" },
    };

    public async Task CreateAdminAsync(string email = AdminEmail, string password = AdminPassword)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await AdminAccounts.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), email, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public async Task<HttpClient> SignedInClientAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var client = CreateClient();
        var response = await SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        await SubmitAsync(client, "/admin/login", "form", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>GETs the page, fills the form found by selector (keeping its hidden fields and antiforgery token), and posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, string formSelector,
        Dictionary<string, string> values, string? submitHandler = null) =>
        await (await OpenFormAsync(client, url, formSelector)).PostAsync(client, values, submitHandler);

    /// <summary>GETs the page and reads the form found by selector, as a browser tab holds it until it is submitted.</summary>
    public static async Task<OpenForm> OpenFormAsync(HttpClient client, string url, string formSelector) =>
        OpenForm.Read(await GetPageAsync(client, url), url, formSelector);

    public static string MintLaunchToken(string secret = SharedSecret, string issuer = Issuer, string? jti = null)
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = issuer, aud = "chatwidget", sub = "learner-1", iat = now, exp = now + 120, jti = jti ?? Guid.NewGuid().ToString("N"),
        }));
        var signature = B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    public async Task<string> LaunchAccessTokenAsync(string platform = "lms")
    {
        var client = CreateClient();
        var response = await client.PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = MintLaunchToken(),
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["platform"] = platform,
            ["origin"] = PlatformOrigin,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> TeamTokenResponseAsync(string password)
    {
        var client = CreateClient();
        return await client.PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:chatwidget:params:oauth:grant-type:team-password",
            ["password"] = password,
        }));
    }

    public async Task<string> TeamAccessTokenAsync(string password = TeamPassword)
    {
        var response = await TeamTokenResponseAsync(password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> WithTokenAsync(HttpMethod method, string url, string accessToken, HttpContent? content = null)
    {
        var client = CreateClient();
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new("Bearer", accessToken);
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> ChatAsync(string accessToken) =>
        WithTokenAsync(HttpMethod.Post, "/v1/chat/completions", accessToken,
            JsonContent.Create(new { messages = new[] { new { role = "user", content = "hello" } }, stream = false }));

    public async Task<JsonElement> PublicProfileAsync(string accessToken)
    {
        var response = await WithTokenAsync(HttpMethod.Get, "/api/profile", accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        _configure?.Invoke(builder);
    }
}
