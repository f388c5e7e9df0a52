namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// What one launch or one chat turn asked of Redis: calls of each command, those run inside scripts included, and the
/// requests Redis read, i.e. round trips.
/// </summary>
public sealed record RedisCommandsPerOperation(IReadOnlyDictionary<string, double> Calls, double RoundTrips);
