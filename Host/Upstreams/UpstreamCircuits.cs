using System.Collections.Concurrent;

namespace ChatWidget.Host.Upstreams;

/// <summary>The circuit state of each upstream (by authority, <c>host:port</c>) that has had one, for <c>/readyz</c> and logs.</summary>
public sealed partial class UpstreamCircuits(ILogger<UpstreamCircuits> logger)
{
    public const string Closed = "closed";
    public const string Open = "open";
    public const string HalfOpen = "half-open";

    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string> States => new SortedDictionary<string, string>(_states, StringComparer.OrdinalIgnoreCase);

    public bool AnyOpen => _states.Values.Any(state => state == Open);

    public void Set(string? authority, string state)
    {
        authority ??= "unknown";
        _states[authority] = state;
        LogCircuit(authority, state);
    }

    // The authority only: never the path or query, where some deployments put keys.
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Circuit of upstream {Authority} is now {State}")]
    private partial void LogCircuit(string authority, string state);
}
