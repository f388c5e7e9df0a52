using ChatWidget.Admin;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Dashboard;

/// <summary>The dashboard's launch-token tester runs the very validator the token exchange uses.</summary>
internal sealed class LaunchTokenInspector(LaunchTokenValidator validator) : ILaunchTokenInspector
{
    public async Task<LaunchTokenInspection> InspectAsync(string token, PlatformSettings platform, string? embeddingOrigin, CancellationToken cancellationToken)
    {
        var verdict = await validator.ValidateAsync(token, platform, embeddingOrigin, cancellationToken);
        return new LaunchTokenInspection(verdict.IsValid, verdict.Checks.Select(c => new LaunchTokenStep(c.Name, c.Passed, c.Detail)).ToList());
    }
}
