namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// What one streamed chat request looked like from the client: the status, when the first content arrived,
/// when the stream ended, how many content frames it carried and how often the wait between two of them was a stall.
/// Times are in milliseconds from sending the request.
/// </summary>
public sealed record StreamOutcome(
    int Status,
    bool Completed,
    double FirstContentMs,
    double TotalMs,
    int ContentFrames,
    int Stalls,
    double LongestGapMs,
    string? Failure)
{
    public static StreamOutcome Failed(int status, double totalMs, string failure) =>
        new(status, false, double.NaN, totalMs, 0, 0, 0, failure);
}
