using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Lti;

/// <summary>Settings under <c>ChatWidget:Lti</c>: how long the one-time values of an LTI launch live.</summary>
public sealed class LtiOptions
{
    public const string Section = "ChatWidget:Lti";

    /// <summary>
    /// How long a login's state (and its cookie) waits for the platform's launch, in seconds. The platform answers in a
    /// second or two; the margin covers a platform login page the learner has to pass first.
    /// </summary>
    [Range(30, 1800)]
    public int LoginStateSeconds { get; set; } = 300;

    /// <summary>How long the chat page of a verified launch has to redeem its one-time launch code, in seconds.</summary>
    [Range(10, 300)]
    public int LaunchCodeSeconds { get; set; } = 60;

    /// <summary>Largest number of pending login states and launch codes one instance keeps in memory (without Redis).</summary>
    [Range(1000, 10_000_000)]
    public int MaxPendingLaunches { get; set; } = 100_000;

    public TimeSpan LoginStateLifetime => TimeSpan.FromSeconds(LoginStateSeconds);
    public TimeSpan LaunchCodeLifetime => TimeSpan.FromSeconds(LaunchCodeSeconds);
}
