using System.Net;
using System.Text.Json;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster.Soak;

/// <summary>
/// One learner of the soak, as the widget's frame behaves: it launches once, then asks one streamed question after
/// another through nginx. After a failure it launches again (as a reload of the page would) and goes on. A learner that
/// <see cref="HangsUp"/> closes every answer after a few chunks, as closing the tab does, and comes back with a new page
/// view (a new launch). Every request is
/// bounded by <see cref="RequestTimeout"/>, so a hang shows up as <see cref="SoakOutcome.TimedOut"/>, never as a stuck test.
/// </summary>
public sealed class SoakLearner(int id, HttpClient client, ClusterSeed seed, SoakLog log, string subject, string question, bool hangsUp)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // A failed learner waits a little before its next try, as the widget would, rather than spinning on a dead instance.
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(200);

    private readonly Random _random = new(id);
    private int _requests;
    private bool _recovering;

    public int Id => id;

    public bool HangsUp => hangsUp;

    /// <summary>Runs until <paramref name="stop"/>; the request in progress then finishes (within its time-out).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        string? accessToken = null;
        while (!stop.IsCancellationRequested)
        {
            if (accessToken is null)
            {
                (accessToken, var retryAfter) = await LaunchAsync();
                if (accessToken is null) await Task.Delay(retryAfter ?? PauseAfterFailure, CancellationToken.None);
                continue;
            }

            var turn = await TurnAsync(accessToken);
            if (turn.Succeeded)
            {
                _recovering = false;
                // A learner who hung up closed the tab: the next question comes from a new page view, with a new launch.
                if (turn.Outcome == SoakOutcome.HungUp) accessToken = null;
                continue;
            }

            _recovering = true;
            accessToken = null;
            await Task.Delay(PauseAfterFailure, CancellationToken.None);
        }
    }

    /// <summary>
    /// A fresh launch token (its jti recorded), exchanged, then replayed once: the access token, or null when the launch
    /// failed, with how long to wait when it was <see cref="SoakOutcome.Deferred"/>.
    /// </summary>
    private async Task<(string? AccessToken, TimeSpan? RetryAfter)> LaunchAsync()
    {
        var tokenId = Guid.NewGuid().ToString("N");
        var launchToken = seed.MintLaunchToken(subject, tokenId: tokenId);
        log.Minted(tokenId);
        var (launch, body, retryAfter) = await ExchangeAsync(launchToken, tokenId, SoakRequestKind.Launch);
        if (launch.Outcome == SoakOutcome.Deferred) return (null, retryAfter);
        if (launch.Outcome != SoakOutcome.Completed)
        {
            _recovering = true;
            return (null, null);
        }

        // The same token again, at once: nginx may well send it to the other instance; the shared replay store must refuse it.
        await ExchangeAsync(launchToken, tokenId, SoakRequestKind.Replay);
        using var json = JsonDocument.Parse(body!);
        return (json.RootElement.GetProperty("access_token").GetString(), null);
    }

    private async Task<(SoakRequest Request, string? Body, TimeSpan? RetryAfter)> ExchangeAsync(string launchToken, string tokenId, SoakRequestKind kind)
    {
        var tag = NextTag(kind == SoakRequestKind.Launch ? "launch" : "replay");
        var recovering = kind == SoakRequestKind.Launch && _recovering;
        var startedAt = log.Now;
        using var timeout = new CancellationTokenSource(RequestTimeout);
        SoakOutcome outcome;
        HttpStatusCode? status = null;
        string? body = null;
        TimeSpan? retryAfter = null;
        try
        {
            using var response = await client.PostAsync($"/api/token?tag={tag}", ChatApi.LaunchForm(launchToken), timeout.Token);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(timeout.Token);
            retryAfter = response.Headers.RetryAfter?.Delta;
            outcome = response.StatusCode switch
            {
                HttpStatusCode.OK => SoakOutcome.Completed,
                HttpStatusCode.ServiceUnavailable when retryAfter > TimeSpan.Zero && body.Contains("\"temporarily_unavailable\"", StringComparison.Ordinal)
                    => SoakOutcome.Deferred,
                _ => SoakOutcome.Refused,
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            outcome = SoakOutcome.TimedOut;
        }
        catch (HttpRequestException)
        {
            outcome = SoakOutcome.Failed;
        }

        var request = new SoakRequest(id, tag, kind, startedAt, log.Now, outcome, status, tokenId, recovering);
        log.Add(request);
        return (request, body, retryAfter);
    }

    private async Task<SoakRequest> TurnAsync(string accessToken)
    {
        var tag = NextTag("turn");
        var recovering = _recovering;
        var hangUpAfter = hangsUp ? _random.Next(1, 8) : int.MaxValue;
        var startedAt = log.Now;
        using var timeout = new CancellationTokenSource(RequestTimeout);
        SoakOutcome outcome;
        HttpStatusCode? status = null;
        try
        {
            using var request = ChatApi.Completion(accessToken, question, stream: true, tag: tag);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = response.StatusCode;
            outcome = response.StatusCode == HttpStatusCode.OK ? await ReadAnswerAsync(response, hangUpAfter, timeout.Token) : SoakOutcome.Refused;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            outcome = SoakOutcome.TimedOut;
        }
        catch (HttpRequestException)
        {
            outcome = status is null ? SoakOutcome.Failed : SoakOutcome.Broken;
        }

        var turn = new SoakRequest(id, tag, SoakRequestKind.Turn, startedAt, log.Now, outcome, status, null, recovering);
        log.Add(turn);
        return turn;
    }

    /// <summary>Reads the stream to <c>[DONE]</c>, or hangs up after <paramref name="hangUpAfter"/> chunks of text.</summary>
    private static async Task<SoakOutcome> ReadAnswerAsync(HttpResponseMessage response, int hangUpAfter, CancellationToken cancellationToken)
    {
        var chunks = 0;
        try
        {
            await foreach (var e in ChatApi.ReadEventsAsync(response, cancellationToken))
            {
                if (e.IsDone) return chunks > 0 ? SoakOutcome.Completed : SoakOutcome.Broken;
                if (e.IsError) return SoakOutcome.Broken;
                if (e.Content is { Length: > 0 } && ++chunks >= hangUpAfter) return SoakOutcome.HungUp; // disposing the response closes the connection
            }
        }
        catch (IOException)
        {
            // The connection was cut mid-stream (nginx lost the instance and closed the chunked body unfinished).
        }

        return SoakOutcome.Broken;
    }

    private string NextTag(string what) => $"l{id}-{++_requests}-{what}";
}
