using System.Net;
using System.Text;
using System.Text.Json;

namespace ChatWidget.Host.Tests.Lti;

/// <summary>Neither the invite secret nor the platform's registration token reaches a log line or a file, even when the platform echoes the token back.</summary>
public sealed class DynamicRegistrationCanaryTests : DynamicRegistration
{
    [Fact]
    public async Task Neither_the_invite_secret_nor_the_registration_token_reaches_a_log_line_or_a_file()
    {
        // The platform echoes the token in its error, and the configuration URL carries it in its query or path too.
        var invite = await NewInviteAsync();
        Assert.Equal(HttpStatusCode.BadGateway, (await OpenAsync(invite, new Uri($"{_platform.Origin}/tokens/{_registrationToken}/configuration"))).StatusCode);
        _platform.RegistrationAnswer = () => (401, JsonSerializer.Serialize(new { error = "invalid_token", error_description = $"bad token {_registrationToken}" }));
        Assert.Equal(HttpStatusCode.BadGateway, (await OpenAsync(invite, _platform.ConfigurationUrl($"?token={_registrationToken}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await OpenAsync(invite, new Uri($"http://127.0.0.1:{TestServers.FreePort.Next()}/x?token={_registrationToken}"))).StatusCode);
        _platform.RegistrationAnswer = FakeRegistrationPlatform.DefaultRegistrationAnswer;
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(invite, _platform.ConfigurationUrl($"?token={_registrationToken}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await OpenAsync(invite)).StatusCode);
        // The token did travel: to the platform, and only there.
        Assert.All(_platform.RegistrationRequests, r => Assert.Equal($"Bearer {_registrationToken}", r.Authorization));

        // Every line counts, ASP.NET Core's own at Trace included (its request lines, which carry the query, are never written).
        var lines = _host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("LTI dynamic registration") && l.Contains("[redacted]")); // the echo was caught
        Assert.Contains(lines, l => l.Contains("stored platform 127.0.0.1"));
        foreach (var canary in new[] { invite, _registrationToken })
        {
            Assert.DoesNotContain(lines, l => l.Contains(canary, StringComparison.Ordinal));
            foreach (var file in Directory.EnumerateFiles(_host.DataDirectory, "*", SearchOption.AllDirectories))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.False(copy.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(canary)) >= 0, $"{canary[..12]} found in {Path.GetFileName(file)}");
            }
        }
    }
}
