using System.Collections.Concurrent;
using ChatWidget.Host.Observability;

namespace ChatWidget.Host.Upstreams;

/// <summary>The circuit state of each upstream (by authority, <c>host:port</c>) that has had one, for <c>/readyz</c> and logs.</summary>
public sealed partial class UpstreamCircuits(ChatWidgetMetrics metrics, ILogger<UpstreamCircuits> logger)
{
    public const string Closed = "closed";
    public const string Open = ChatWidgetMetrics.CircuitOpen;
    public const string HalfOpen = "half-open";

    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> States => new SortedDictionary<string, string>(_states, StringComparer.OrdinalIgnoreCase);

    public bool AnyOpen => _states.Values.Any(state => state == Open);

    public void Set(string? authority, string state)
    {
        authority ??= "unknown";
        _states[authority] = state;
        // Polly reports each transition once: an open circuit is one warning and one count per occurrence.
        LogCircuit(authority, state);
        metrics.CircuitChanged(authority, state);
    }

    // The authority only: never the path or query, where some deployments put keys.
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Circuit of upstream {Authority} is now {State}")]
    private partial void LogCircuit(string authority, string state);
}
