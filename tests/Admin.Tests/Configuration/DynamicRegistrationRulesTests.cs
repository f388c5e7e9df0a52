using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>How a dynamically registered platform's id, origin and algorithms are derived from what it said.</summary>
public sealed class DynamicRegistrationRulesTests
{
    [Theory]
    [InlineData("https://moodle.example.edu", "moodle.example.edu")]
    [InlineData("https://Moodle.Example.EDU/moodle", "moodle.example.edu")]
    [InlineData("https://canvas.instructure.com", "canvas.instructure.com")]
    [InlineData("https://lms.example.edu:8443", "lms.example.edu")]
    [InlineData("https://bücher.example", "xn--bcher-kva.example")]
    [InlineData("https://team", "lti-platform")]
    [InlineData("http://[::1]:8080", "1")]
    public void The_id_is_the_issuer_host_in_the_id_pattern(string issuer, string id)
    {
        var derived = DynamicRegistrationRules.BasePlatformIdFor(new Uri(issuer));

        Assert.Equal(id, derived);
        Assert.Matches("^[a-z0-9][a-z0-9._-]{0,63}$", derived);
    }

    [Fact]
    public void A_long_host_leaves_room_for_a_suffix()
    {
        var host = string.Join('.', Enumerable.Repeat("abcdefghij", 9)) + ".example";
        var id = DynamicRegistrationRules.BasePlatformIdFor(new Uri($"https://{host}"));

        Assert.True(id.Length <= 60);
        Assert.Matches("^[a-z0-9][a-z0-9._-]{0,63}$", DynamicRegistrationRules.FreePlatformId(id, new HashSet<string> { id }));
    }

    [Fact]
    public void A_taken_id_gets_the_first_free_number()
    {
        Assert.Equal("lms.example.edu", DynamicRegistrationRules.FreePlatformId("lms.example.edu", new HashSet<string>()));
        Assert.Equal("lms.example.edu-3", DynamicRegistrationRules.FreePlatformId("lms.example.edu",
            new HashSet<string> { "lms.example.edu", "lms.example.edu-2" }));
    }

    [Fact]
    public void Algorithms_are_the_verifiable_ones_the_platform_offers_or_RS256_when_it_does_not_say()
    {
        Assert.Equal(["RS256"], DynamicRegistrationRules.AlgorithmsFor(null));
        Assert.Equal(["RS256", "ES256"], DynamicRegistrationRules.AlgorithmsFor(["ES256", "PS256", "RS256"]));
        Assert.Equal(["ES256"], DynamicRegistrationRules.AlgorithmsFor(["ES256"]));
        Assert.Empty(DynamicRegistrationRules.AlgorithmsFor(["HS256", "none", "rs256"]));
    }

    [Theory]
    [InlineData("https://moodle.example.edu/moodle", "https://moodle.example.edu")]
    [InlineData("https://LMS.example.edu:443", "https://lms.example.edu")]
    [InlineData("https://lms.example.edu:8443/", "https://lms.example.edu:8443")]
    public void The_allowed_origin_is_the_issuers_origin_as_a_browser_writes_it(string issuer, string origin) =>
        Assert.Equal(origin, DynamicRegistrationRules.OriginOf(new Uri(issuer)));

    [Fact]
    public void Canvas_id_tokens_may_live_an_hour_and_others_the_default()
    {
        Assert.Equal(3600, DynamicRegistrationRules.MaxLaunchTokenLifetimeFor("canvas"));
        Assert.Equal(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, DynamicRegistrationRules.MaxLaunchTokenLifetimeFor("moodle"));
        Assert.Equal(PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds, DynamicRegistrationRules.MaxLaunchTokenLifetimeFor(null));
    }
}
