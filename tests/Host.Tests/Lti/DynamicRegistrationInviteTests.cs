using System.Net;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>The registration link's life: single use, expiry, revocation, and two platforms or an abandoned registration racing for one link.</summary>
public sealed class DynamicRegistrationInviteTests : DynamicRegistration
{
    [Fact]
    public async Task A_used_link_is_refused_and_the_platform_is_not_called_again()
    {
        var invite = await NewInviteAsync();
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);

        var again = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("This registration link is not valid any more; create a new one in the ChatWidget dashboard.",
            Message(await again.Content.ReadAsStringAsync()));
        Assert.Single(_platform.ConfigurationRequests);
        Assert.Single(_platform.RegistrationRequests);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task An_expired_link_is_refused_before_the_platform_is_called()
    {
        var invite = await NewInviteAsync();
        _host.Clock.Advance(LtiRegistrationInvites.Lifetime + TimeSpan.FromSeconds(1));

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This registration link is not valid any more; create a new one in the ChatWidget dashboard.",
            Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.ConfigurationRequests);
        Assert.Empty(await RegisteredPlatformsAsync());
        Assert.Equal(LtiInviteStatus.Expired, (await InviteAsync(invite)).Status);
    }

    [Fact]
    public async Task A_link_still_works_just_before_it_expires()
    {
        var invite = await NewInviteAsync();
        _host.Clock.Advance(LtiRegistrationInvites.Lifetime - TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);
    }

    [Theory]
    [InlineData("made-up-but-well-formed-secret-0123456789ab")]
    [InlineData("short")]
    [InlineData("")]
    public async Task An_unknown_link_is_refused_and_nothing_is_called_or_stored(string invite)
    {
        await NewInviteAsync(); // another, valid link exists

        var response = await OpenAsync(invite);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This registration link is not valid any more; create a new one in the ChatWidget dashboard.",
            Message(await response.Content.ReadAsStringAsync()));
        Assert.Empty(_platform.ConfigurationRequests);
        Assert.Empty(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_revoked_link_is_refused()
    {
        var invite = await NewInviteAsync();
        Assert.True(await Invites.RevokeAsync(LtiInviteSecret.Hash(invite), Administrator, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(invite)).StatusCode);
        Assert.Empty(_platform.ConfigurationRequests);
    }

    [Fact]
    public async Task Two_platforms_opening_the_same_link_at_once_register_only_one()
    {
        var invite = await NewInviteAsync();
        _platform.RegistrationDelay = TimeSpan.FromMilliseconds(500);

        var responses = await Task.WhenAll(OpenAsync(invite), OpenAsync(invite), OpenAsync(invite));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single(_platform.RegistrationRequests);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_registration_abandoned_half_way_blocks_the_link_only_until_its_claim_lapses()
    {
        var invite = await NewInviteAsync();
        Assert.NotNull(await Invites.ClaimAsync(invite, CancellationToken.None)); // a process that stopped mid-registration

        Assert.Equal(LtiInviteStatus.Registering, (await InviteAsync(invite)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(invite)).StatusCode);
        Assert.Empty(_platform.ConfigurationRequests);

        _host.Clock.Advance(LtiRegistrationInvites.ClaimTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(LtiInviteStatus.Open, (await InviteAsync(invite)).Status);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite)).StatusCode);
        Assert.Single(await RegisteredPlatformsAsync());
    }

    [Fact]
    public async Task A_link_revoked_while_its_registration_runs_stores_nothing()
    {
        var invite = await NewInviteAsync();
        _platform.RegistrationDelay = TimeSpan.FromMilliseconds(700);

        var registering = OpenAsync(invite);
        await WaitUntilAsync(() => !_platform.RegistrationRequests.IsEmpty);
        Assert.True(await Invites.RevokeAsync(LtiInviteSecret.Hash(invite), Administrator, CancellationToken.None));
        var response = await registering;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await RegisteredPlatformsAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }
}
