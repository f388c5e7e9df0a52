using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Sessions;

public sealed class HostKeyRingTests : IDisposable
{
    private readonly TestPlatforms _platforms = new();
    private readonly HostFactory _host;

    public HostKeyRingTests() => _host = new HostFactory(_platforms.Snapshot());

    public void Dispose() => _host.Dispose();

    private Task<string> LaunchAsync() =>
        _host.AccessTokenAsync(_platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, _host.Clock.GetUtcNow())));

    [Fact]
    public async Task The_key_file_is_encrypted_at_rest()
    {
        await LaunchAsync();
        var ring = _host.Services.GetRequiredService<HostKeyRing>();

        var text = await File.ReadAllTextAsync(Path.Combine(_host.DataDirectory, "host-keys.json"));

        Assert.DoesNotContain(ring.CurrentKeyId, text);
        Assert.DoesNotContain("Pkcs8", text);
    }

    [Fact]
    public async Task After_rotation_new_tokens_use_the_new_kid_and_old_tokens_still_refresh()
    {
        var before = await LaunchAsync();
        var ring = _host.Services.GetRequiredService<HostKeyRing>();
        var oldKid = ring.CurrentKeyId;

        await ring.RotateAsync(CancellationToken.None);

        Assert.NotEqual(oldKid, ring.CurrentKeyId);
        Assert.Equal(oldKid, Kid(before));
        var refreshed = await _host.RefreshAsync(before);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var after = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Assert.Equal(ring.CurrentKeyId, Kid(after));
    }

    [Fact]
    public async Task The_key_ring_survives_a_restart_so_live_tokens_stay_valid()
    {
        var token = await LaunchAsync();
        var kid = _host.Services.GetRequiredService<HostKeyRing>().CurrentKeyId;

        using var restarted = new HostFactory(_platforms.Snapshot());
        // Same data directory, as after a restart.
        using var second = restarted.WithWebHostBuilder(b => b.UseSetting("ChatWidget:DataDirectory", _host.DataDirectory));

        Assert.Equal(kid, second.Services.GetRequiredService<HostKeyRing>().CurrentKeyId);
        var refresh = await second.CreateClient().PostAsync("/api/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = token,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["platform"] = "lms",
            ["origin"] = TestPlatforms.LmsOrigin,
        }));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    private static string Kid(string jwt)
    {
        using var header = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[0]));
        return header.RootElement.GetProperty("kid").GetString()!;
    }
}
