using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Lti;

/// <summary>
/// The single-instance ticket store. Bounded: when full of unexpired tickets it refuses new logins rather than
/// forgetting pending ones.
/// </summary>
public sealed class InMemoryLtiTicketStore(TimeProvider time, IOptions<LtiOptions> options) : ILtiTicketStore
{
    private readonly ConcurrentDictionary<(LtiTicketKind, string), Ticket> _tickets = new();

    public ValueTask<bool> TryAddAsync(LtiTicketKind kind, string id, string value, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_tickets.Count >= options.Value.MaxPendingLaunches)
        {
            foreach (var (key, ticket) in _tickets)
            {
                if (ticket.ExpiresAt <= now) _tickets.TryRemove(key, out _);
            }

            if (_tickets.Count >= options.Value.MaxPendingLaunches) return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(_tickets.TryAdd((kind, id), new Ticket(value, now + lifetime)));
    }

    public ValueTask<string?> TakeAsync(LtiTicketKind kind, string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tickets.TryRemove((kind, id), out var ticket) && ticket.ExpiresAt > time.GetUtcNow() ? ticket.Value : null);

    private sealed record Ticket(string Value, DateTimeOffset ExpiresAt);
}
