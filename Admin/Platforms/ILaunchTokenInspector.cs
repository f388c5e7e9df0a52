using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin;

/// <summary>One check of a launch token, in the order Host runs them, with the precise reason (admins only).</summary>
public sealed record LaunchTokenStep(string Name, bool Passed, string Detail);

/// <summary>What the launch-token tester shows.</summary>
public sealed record LaunchTokenInspection(bool Valid, IReadOnlyList<LaunchTokenStep> Steps);

/// <summary>
/// Runs Host's real launch-token checks without exchanging the token (its jti is not used up). Host implements it:
/// Admin cannot reference Host, and a copy of the checks here would drift from the ones that decide.
/// </summary>
public interface ILaunchTokenInspector
{
    Task<LaunchTokenInspection> InspectAsync(string token, PlatformSettings platform, string? embeddingOrigin, CancellationToken cancellationToken);
}
