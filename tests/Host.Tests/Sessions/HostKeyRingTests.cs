using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
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
    public async Task A_rotated_key_is_accepted_at_once_signs_after_the_activation_delay_and_old_tokens_still_refresh()
    {
        var before = await LaunchAsync();
        var ring = _host.Services.GetRequiredService<HostKeyRing>();
        var oldKid = ring.CurrentKeyId;

        var rotated = await ring.RotateAsync(CancellationToken.None);

        // Accepted for validation at once, used for signing only later: other instances load it in between.
        Assert.True(HostKeyRing.ActivationDelay > HostKeyRingRefresher.ReloadInterval);
        Assert.Equal(_host.Clock.GetUtcNow() + HostKeyRing.ActivationDelay, rotated.SignsFrom);
        Assert.Contains(ring.ValidationKeys, k => k.KeyId == rotated.KeyId);
        Assert.Equal(oldKid, ring.CurrentKeyId);
        Assert.Equal(oldKid, Kid(await LaunchAsync()));

        _host.Clock.Advance(HostKeyRing.ActivationDelay);

        Assert.Equal(rotated.KeyId, ring.CurrentKeyId);
        Assert.Equal(oldKid, Kid(before));
        var refreshed = await _host.RefreshAsync(before);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var after = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        Assert.Equal(rotated.KeyId, Kid(after));
    }

    [Fact]
    public async Task A_retired_key_stays_valid_for_one_token_lifetime_after_its_successor_starts_signing()
    {
        await LaunchAsync();
        var ring = _host.Services.GetRequiredService<HostKeyRing>();
        var oldKid = ring.CurrentKeyId;
        await ring.RotateAsync(CancellationToken.None);
        var lifetime = TimeSpan.FromSeconds(900 + 5);

        _host.Clock.Advance(HostKeyRing.ActivationDelay + lifetime - TimeSpan.FromSeconds(1));
        await ring.RotateAsync(CancellationToken.None);
        Assert.Contains(ring.ValidationKeys, k => k.KeyId == oldKid);

        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        await ring.RotateAsync(CancellationToken.None);
        Assert.DoesNotContain(ring.ValidationKeys, k => k.KeyId == oldKid);
        Assert.Equal(3, ring.ValidationKeys.Count);
    }

    [Fact]
    public async Task A_key_file_written_before_activation_delays_existed_still_loads()
    {
        // The format of earlier releases: keys signed from creation, a retired key carried RetiredAt.
        var now = DateTimeOffset.UtcNow;
        using var retired = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var active = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var legacy = JsonSerializer.Serialize(new
        {
            SigningKeys = new object[]
            {
                new { Kid = "old-kid", Pkcs8 = Convert.ToBase64String(retired.ExportPkcs8PrivateKey()), CreatedAt = now.AddMinutes(-20), RetiredAt = (DateTimeOffset?)now.AddMinutes(-5) },
                new { Kid = "current-kid", Pkcs8 = Convert.ToBase64String(active.ExportPkcs8PrivateKey()), CreatedAt = now.AddMinutes(-5), RetiredAt = (DateTimeOffset?)null },
            },
            LearnerHashKey = Convert.ToBase64String(new byte[32]),
        });
        using var legacyHost = new HostFactory(_platforms.Snapshot());
        var protector = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(legacyHost.DataDirectory, "keys")),
            b => b.SetApplicationName("ChatWidget")).CreateProtector("ChatWidget.HostKeyRing.v1");
        await File.WriteAllTextAsync(Path.Combine(legacyHost.DataDirectory, "host-keys.json"), protector.Protect(legacy));

        var ring = legacyHost.Services.GetRequiredService<HostKeyRing>();

        Assert.Equal("current-kid", ring.CurrentKeyId);
        Assert.Equal(["current-kid", "old-kid"], ring.ValidationKeys.Select(k => k.KeyId));
        Assert.Equal(new byte[32], ring.LearnerHashKey.ToArray());
        // A ring from before LTI gets the tool's first key, and keeps everything it had.
        Assert.Single(ring.LtiPublicKeys);
        using var reloaded = new HostFactory(_platforms.Snapshot());
        using var sameDirectory = reloaded.WithWebHostBuilder(b => b.UseSetting("ChatWidget:DataDirectory", legacyHost.DataDirectory));
        var again = sameDirectory.Services.GetRequiredService<HostKeyRing>();
        Assert.Equal(ring.LtiPublicKeys.Select(k => k.KeyId), again.LtiPublicKeys.Select(k => k.KeyId));
        Assert.Equal("current-kid", again.CurrentKeyId);
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
