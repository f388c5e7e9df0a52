using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Sends streamed chat requests and times them as a widget would experience them: first content token,
/// end of stream, and the waits between tokens. The same client times requests to Host and to the upstream
/// directly, so the difference between the two is what Host adds.
/// </summary>
public sealed class ChatStreamClient : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public HttpClient Http => _http;

    /// <param name="stallThreshold">A wait between two content frames longer than this counts as a stall.</param>
    public async Task<StreamOutcome> SendAsync(ChatRequest request, TimeSpan stallThreshold, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var message = request.ToMessage();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return StreamOutcome.Failed(0, ElapsedMs(started), e.GetType().Name + ": " + e.Message);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
                return StreamOutcome.Failed((int)response.StatusCode, ElapsedMs(started), $"HTTP {(int)response.StatusCode}");
            try
            {
                return await ReadStreamAsync(response, started, stallThreshold, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                return StreamOutcome.Failed(200, ElapsedMs(started), "stream broke: " + e.GetType().Name);
            }
        }
    }

    private static async Task<StreamOutcome> ReadStreamAsync(HttpResponseMessage response, long started, TimeSpan stallThreshold,
        CancellationToken cancellationToken)
    {
        var scanner = new SseFrameScanner();
        var firstContent = double.NaN;
        var lastContent = 0L;
        var contentFrames = 0;
        var stalls = 0;
        var longestGap = 0.0;
        var done = false;
        var failed = false;
        var stallTicks = stallThreshold.TotalSeconds * Stopwatch.Frequency;

        void OnFrame(SseFrameKind kind)
        {
            switch (kind)
            {
                case SseFrameKind.Content:
                    var now = Stopwatch.GetTimestamp();
                    if (contentFrames == 0)
                    {
                        firstContent = ElapsedMs(started, now);
                    }
                    else
                    {
                        var gap = now - lastContent;
                        if (gap > stallTicks) stalls++;
                        longestGap = Math.Max(longestGap, gap * 1000.0 / Stopwatch.Frequency);
                    }
                    lastContent = now;
                    contentFrames++;
                    break;
                case SseFrameKind.Done:
                    done = true;
                    break;
                case SseFrameKind.Error:
                    failed = true;
                    break;
            }
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                scanner.Feed(buffer.AsSpan(0, read), OnFrame);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var completed = done && !failed;
        return new StreamOutcome(200, completed, firstContent, ElapsedMs(started), contentFrames, stalls, longestGap,
            completed ? null : failed ? "error event" : "ended without [DONE]");
    }

    private static double ElapsedMs(long started, long? now = null) =>
        ((now ?? Stopwatch.GetTimestamp()) - started) * 1000.0 / Stopwatch.Frequency;

    public void Dispose() => _http.Dispose();
}
