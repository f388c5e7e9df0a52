using System.Net;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Postgres;

/// <summary>
/// Two instances on one PostgreSQL database and nothing else in common (no data directory): each decrypts the other's
/// secrets, accepts the other's access tokens and hashes learners alike, and a key rotation on one never produces a
/// token the other cannot verify.
/// </summary>
public sealed class SharedKeysTests(PostgresClusterFixture cluster) : IClassFixture<PostgresClusterFixture>, IAsyncLifetime
{
    private readonly TestPlatforms _platforms = new();
    private HostFactory _a = null!;
    private HostFactory _b = null!;

    public async Task InitializeAsync()
    {
        var database = await cluster.Server.CreateDatabaseAsync();
        _a = PostgresHosts.Start(_platforms, database);
        _b = PostgresHosts.Start(_platforms, database);
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void A_secret_protected_by_one_instance_decrypts_on_the_other_and_no_key_is_on_disk()
    {
        var ciphertext = _a.Services.GetRequiredService<ConfigurationSecretProtector>().Protect("sk-shared-secret-0123456789");

        Assert.Equal("sk-shared-secret-0123456789", _b.Services.GetRequiredService<ConfigurationSecretProtector>().Unprotect(ciphertext));
        Assert.False(Directory.Exists(Path.Combine(_a.DataDirectory, "keys")));
        Assert.False(File.Exists(Path.Combine(_a.DataDirectory, HostKeyRingFile.FileName)));
        Assert.False(File.Exists(Path.Combine(_b.DataDirectory, HostKeyRingFile.FileName)));
    }

    [Fact]
    public async Task An_access_token_minted_by_one_instance_is_accepted_by_the_other_with_the_same_learner_hash()
    {
        var token = await LaunchOnAsync(_a);

        Assert.Equal(_a.Services.GetRequiredService<HostKeyRing>().CurrentKeyId, _b.Services.GetRequiredService<HostKeyRing>().CurrentKeyId);
        Assert.Equal(HttpStatusCode.OK, (await _b.RefreshAsync(token)).StatusCode);
        Assert.Equal(_a.Services.GetRequiredService<LearnerHasher>().Hash("lms", "learner-7"), _b.Services.GetRequiredService<LearnerHasher>().Hash("lms", "learner-7"));
    }

    [Fact]
    public async Task A_rotation_on_one_instance_is_accepted_by_the_other_before_and_after_it_reloads()
    {
        var ringA = _a.Services.GetRequiredService<HostKeyRing>();
        var ringB = _b.Services.GetRequiredService<HostKeyRing>();
        var oldKid = ringA.CurrentKeyId;

        var rotated = await ringA.RotateAsync(CancellationToken.None);

        // B has not reloaded: it does not know the new key, and it need not, because A does not sign with it yet.
        Assert.DoesNotContain(ringB.ValidationKeys, k => k.KeyId == rotated.KeyId);
        var beforeReload = await LaunchOnAsync(_a);
        Assert.Equal(oldKid, Kid(beforeReload));
        Assert.Equal(HttpStatusCode.OK, (await _b.RefreshAsync(beforeReload)).StatusCode);

        // Within the reload interval B loads the ring: it accepts the new key and still signs with the old one.
        await ringB.ReloadAsync(CancellationToken.None);
        Assert.Contains(ringB.ValidationKeys, k => k.KeyId == rotated.KeyId);
        Assert.Equal(oldKid, ringB.CurrentKeyId);

        // After the activation delay both sign with the new key and accept each other's tokens, old ones included.
        _a.Clock.Advance(HostKeyRing.ActivationDelay);
        _b.Clock.Advance(HostKeyRing.ActivationDelay);
        var afterActivation = await LaunchOnAsync(_a);
        Assert.Equal(rotated.KeyId, Kid(afterActivation));
        Assert.Equal(rotated.KeyId, ringB.CurrentKeyId);
        Assert.Equal(HttpStatusCode.OK, (await _b.RefreshAsync(afterActivation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _b.RefreshAsync(beforeReload)).StatusCode);
    }

    [Fact]
    public async Task Two_rotations_at_once_keep_both_new_keys()
    {
        var ringA = _a.Services.GetRequiredService<HostKeyRing>();
        var ringB = _b.Services.GetRequiredService<HostKeyRing>();

        var rotations = await Task.WhenAll(ringA.RotateAsync(CancellationToken.None), ringB.RotateAsync(CancellationToken.None));

        await ringA.ReloadAsync(CancellationToken.None);
        await ringB.ReloadAsync(CancellationToken.None);
        foreach (var rotated in rotations)
        {
            Assert.Contains(ringA.ValidationKeys, k => k.KeyId == rotated.KeyId);
            Assert.Contains(ringB.ValidationKeys, k => k.KeyId == rotated.KeyId);
        }
    }

    private async Task<string> LaunchOnAsync(HostFactory host) =>
        await host.AccessTokenAsync(_platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, host.Clock.GetUtcNow())));

    private static string Kid(string jwt)
    {
        using var header = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[0]));
        return header.RootElement.GetProperty("kid").GetString()!;
    }
}
