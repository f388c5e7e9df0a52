namespace ChatWidget.Host.Lti;

/// <summary>
/// Single-use values of LTI launches, each kept until it is taken or expires. In memory by default; with
/// <c>ConnectionStrings:Redis</c> shared, so a login on one instance can be completed on another (contract §7).
/// Only Host's own random values, keyed hashes and ids are stored: nothing from the id_token about the learner.
/// An unreachable shared store throws <see cref="Sessions.ReplayStoreUnavailableException"/>, and the launch fails closed.
/// </summary>
public interface ILtiTicketStore
{
    /// <returns>False when the store is full (in memory): the caller answers "try again later".</returns>
    ValueTask<bool> TryAddAsync(LtiTicketKind kind, string id, string value, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The value, removed in the same step so that a second take of the same id gets null; null when absent or expired.</summary>
    ValueTask<string?> TakeAsync(LtiTicketKind kind, string id, CancellationToken cancellationToken);
}
