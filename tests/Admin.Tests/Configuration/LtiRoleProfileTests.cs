using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Tests.Configuration;

public sealed class LtiRoleProfileTests
{
    private const string Membership = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

    [Theory]
    [InlineData("Instructor", Membership + "Instructor", true)]
    [InlineData("Instructor", "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor", true)]
    [InlineData("Instructor", "Instructor", true)]
    [InlineData("Instructor", Membership + "Learner", false)]
    [InlineData("Instructor", Membership + "Instructor#extra", false)]
    [InlineData("Instructor", "https://evil.example/vocab#Instructor", false)]
    [InlineData("instructor", Membership + "Instructor", false)]
    [InlineData(Membership + "Instructor", Membership + "Instructor", true)]
    [InlineData(Membership + "Instructor", "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor", false)]
    public void A_short_name_matches_that_role_in_every_lis_vocabulary_and_a_full_uri_only_itself(string mapped, string launched, bool matches) =>
        Assert.Equal(matches, new LtiRoleProfile(mapped, "staff").Matches(launched));

    [Fact]
    public void The_first_mapping_a_launch_role_matches_decides()
    {
        var lti = new LtiRegistration("client", ["1"], new Uri("https://lms.example.edu/auth"),
            [new LtiRoleProfile("Administrator", "admins"), new LtiRoleProfile("Instructor", "staff")]);

        Assert.Equal("staff", lti.ProfileForRoles([Membership + "Learner", Membership + "Instructor"]));
        Assert.Equal("admins", lti.ProfileForRoles([Membership + "Instructor", "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"]));
        Assert.Null(lti.ProfileForRoles([Membership + "Learner"]));
        Assert.Null(lti.ProfileForRoles([]));
    }
}
