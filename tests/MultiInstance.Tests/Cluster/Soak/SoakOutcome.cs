namespace ChatWidget.MultiInstance.Tests.Cluster.Soak;

/// <summary>How one request of a soak learner ended, as the learner saw it.</summary>
public enum SoakOutcome
{
    /// <summary>200; a turn's stream ended with <c>[DONE]</c>.</summary>
    Completed,

    /// <summary>The learner closed the stream mid-answer on purpose.</summary>
    HungUp,

    /// <summary>A turn answered 200 whose stream ended without <c>[DONE]</c> (cut off, or an error event).</summary>
    Broken,

    /// <summary>
    /// A launch refused with 503 <c>temporarily_unavailable</c> and a Retry-After: CONTRACT §7's fail-closed answer when
    /// Redis did not answer in time (on a machine starved of CPU, its 1 s time-out can pass). The learner waits as told
    /// and launches again with a fresh token.
    /// </summary>
    Deferred,

    /// <summary>Answered with a status other than 200 (e.g. nginx's 502, Host's 4xx), and not <see cref="Deferred"/>.</summary>
    Refused,

    /// <summary>No answer at all: the connection failed.</summary>
    Failed,

    /// <summary>Nothing ended it within the learner's per-request time-out: a hang.</summary>
    TimedOut,
}
