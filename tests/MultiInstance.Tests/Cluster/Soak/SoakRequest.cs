using System.Net;

namespace ChatWidget.MultiInstance.Tests.Cluster.Soak;

/// <summary>
/// One request of a soak learner. <see cref="Tag"/> is in its query string, so nginx's access log tells which instance
/// answered it; <see cref="Recovering"/> marks the requests after a failure up to the next completed turn (the relaunch
/// and that turn), which must succeed.
/// </summary>
public sealed record SoakRequest(
    int Learner,
    string Tag,
    SoakRequestKind Kind,
    TimeSpan StartedAt,
    TimeSpan EndedAt,
    SoakOutcome Outcome,
    HttpStatusCode? Status,
    string? TokenId,
    bool Recovering)
{
    public bool Succeeded => Outcome is SoakOutcome.Completed or SoakOutcome.HungUp;
}
