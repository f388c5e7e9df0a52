using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChatWidget.TestServers;

/// <summary>
/// The tests' one logger: keeps every entry, at every level including Trace, with its category, message, structured
/// values, exception and scopes, so a test can check what was logged and that no canary or secret was.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _scopes = new();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <summary>Every entry as one line (its level, category, message, values and exception), then the scopes as <c>scope …</c>.</summary>
    public IEnumerable<string> Lines => Entries.Select(entry => entry.Line).Concat(_scopes);

    public string AllText => string.Join('\n', Lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries, _scopes);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries, ConcurrentQueue<string> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            scopes.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), values, exception));
        }
    }
}

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, string Values, Exception? Exception)
{
    public string Line => $"{Level} {Category}: {Message} [{Values}] {Exception}";
}
