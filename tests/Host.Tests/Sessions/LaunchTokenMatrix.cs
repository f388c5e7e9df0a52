using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>
/// The setup every launch-token matrix test shares (issue 2's matrix): a Host with the test platforms, claims for the LMS,
/// and the refusal check: each wrong token gets the generic <c>invalid_grant</c> body, and the precise reason reaches the
/// server log but the token does not.
/// </summary>
public abstract class LaunchTokenMatrix : IDisposable
{
    protected readonly TestPlatforms _platforms = new();
    protected readonly HostFactory _host;

    protected LaunchTokenMatrix() => _host = new HostFactory(_platforms.Snapshot());

    public void Dispose() => _host.Dispose();

    protected DateTimeOffset Now => _host.Clock.GetUtcNow();

    protected JsonObject LmsClaims(TimeSpan? lifetime = null) => LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Now, lifetime);

    protected async Task AssertRefused(string token, LaunchTokenFailure? failure = null, string platform = "lms",
        string origin = TestPlatforms.LmsOrigin, string? reason = null)
    {
        var response = await _host.ExchangeAsync(token, platform, origin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(TokenError.InvalidGrant.Description, body.GetProperty("error_description").GetString());
        var expected = reason ?? $"launch token {failure}";
        Assert.Contains(_host.Logs.Lines, line => line.Contains($"refused: {expected}"));
        Assert.DoesNotContain(_host.Logs.Lines, line => line.Contains(token));
    }
}
