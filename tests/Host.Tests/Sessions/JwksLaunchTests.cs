using System.Net;
using System.Security.Cryptography;
using ChatWidget.Host.Sessions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>Platforms that publish their keys as a JWKS: caching, key rotation, and the refetch limit.</summary>
public sealed class JwksLaunchTests : IAsyncLifetime
{
    private const string Issuer = "https://jwks.example.edu";
    private readonly TestPlatforms _platforms = new();
    private readonly ECDsa _first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _second = RSA.Create(2048);
    private JwksServer _jwks = null!;
    private HostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _jwks = await JwksServer.StartAsync();
        _jwks.Publish(("2026-01", _first));
        var snapshot = _platforms.Snapshot(_jwks.Url);
        _host = new HostFactory(snapshot);
        _host.Configuration.UpdatePlatform("jwks", p => p with { AllowedOrigins = [Issuer] });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _jwks.DisposeAsync();
    }

    private Task<HttpResponseMessage> LaunchAsync(LaunchTokenMinter minter) =>
        _host.ExchangeAsync(minter.Mint(LaunchTokenMinter.Claims(Issuer, _host.Clock.GetUtcNow())), "jwks", Issuer);

    [Fact]
    public async Task Keys_are_fetched_once_and_cached()
    {
        Assert.Equal(HttpStatusCode.OK, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);

        Assert.Equal(1, _jwks.Requests);
    }

    [Fact]
    public async Task A_kid_is_required_for_a_JWKS_platform()
    {
        var response = await LaunchAsync(LaunchTokenMinter.Es256(_first));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(_host.Logs.Lines, l => l.Contains($"launch token {LaunchTokenFailure.KeyIdRequired}"));
    }

    [Fact]
    public async Task A_rotated_in_key_is_found_by_refetching_on_its_unknown_kid()
    {
        Assert.Equal(HttpStatusCode.OK, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);
        _jwks.Publish(("2026-01", _first), ("2026-06", _second));
        _host.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.OK, (await LaunchAsync(LaunchTokenMinter.Rs256(_second, "2026-06"))).StatusCode);
        Assert.Equal(2, _jwks.Requests);
    }

    [Fact]
    public async Task Unknown_kids_cause_at_most_one_fetch_a_minute()
    {
        Assert.Equal(HttpStatusCode.OK, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);

        for (var i = 0; i < 20; i++)
        {
            var response = await LaunchAsync(LaunchTokenMinter.Es256(_first, $"made-up-{i}"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(1, _jwks.Requests);
        _host.Clock.Advance(TimeSpan.FromSeconds(61));
        await LaunchAsync(LaunchTokenMinter.Es256(_first, "made-up-again"));
        Assert.Equal(2, _jwks.Requests);
    }

    [Fact]
    public async Task A_key_removed_from_the_JWKS_stops_verifying_after_the_cache_expires()
    {
        Assert.Equal(HttpStatusCode.OK, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);
        _jwks.Publish(("2026-06", _second));
        _host.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(HttpStatusCode.BadRequest, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"keys\"")]
    [InlineData("{\"keys\": 5}")]
    [InlineData("not json")]
    public async Task A_broken_JWKS_refuses_launches_cleanly_and_is_not_refetched_per_token(string document)
    {
        _jwks.PublishDocument(document);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await LaunchAsync(LaunchTokenMinter.Es256(_first, "2026-01"))).StatusCode);

        Assert.Equal(1, _jwks.Requests);
    }

    [Fact]
    public async Task The_JWKS_of_one_platform_never_verifies_another_platforms_tokens()
    {
        // Signed with the JWKS platform's key, but claiming to be "lms".
        var token = LaunchTokenMinter.Es256(_first, "2026-01").Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, _host.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.BadRequest, (await _host.ExchangeAsync(token)).StatusCode);
        Assert.Equal(0, _jwks.Requests);
    }
}
