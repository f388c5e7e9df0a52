namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// A reading of Redis's counters: calls per command name (<c>INFO commandstats</c>, which counts the commands a Lua
/// script runs as well as the EVALSHA that ran it) and requests read from clients (<c>total_reads_processed</c>: with
/// every command awaited before the next is sent, one read is one round trip).
/// </summary>
public sealed record RedisCommandStats(IReadOnlyDictionary<string, long> Calls, long Reads)
{
    /// <summary>What happened between <paramref name="before"/> and this reading, per one of <paramref name="operations"/> (launches, turns).</summary>
    public RedisCommandsPerOperation Since(RedisCommandStats before, int operations)
    {
        var each = Math.Max(1, operations);
        var calls = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (command, now) in Calls)
        {
            // The earlier reading's own INFO is counted in this one.
            var added = now - before.Calls.GetValueOrDefault(command) - (command == "info" ? 1 : 0);
            if (added > 0) calls[command] = added / (double)each;
        }
        return new RedisCommandsPerOperation(calls, (Reads - before.Reads - 1) / (double)each);
    }
}
