using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Hardening;

/// <summary>Host on the test platforms (offline model) with extra settings, and a learner's launch in one call.</summary>
public sealed class HardeningHost : IAsyncDisposable
{
    public HardeningHost(IDictionary<string, string?>? settings = null)
    {
        Host = new HostFactory(Platforms.Snapshot(), settings: settings);
    }

    public TestPlatforms Platforms { get; } = new();

    public HostFactory Host { get; }

    public string LaunchToken(string subject = "learner-42") =>
        Platforms.Lms.Mint(LaunchTokenMinter.Claims(TestPlatforms.LmsOrigin, Host.Clock.GetUtcNow(), subject: subject));

    public Task<string> LaunchAsync(string subject = "learner-42") => Host.AccessTokenAsync(LaunchToken(subject));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
