using System.Net;
using ChatWidget.MultiInstance.Tests.Harness;

namespace ChatWidget.MultiInstance.Tests.Cluster;

/// <summary>
/// A streamed answer passes nginx chunk by chunk. The model (a <see cref="GatedUpstream"/>) sends its first chunk and
/// then waits for the test: the client must see that chunk while the model is still holding the rest back. With
/// buffering anywhere on the way, the chunk would wait for the end of a stream that cannot end, and the test fails on
/// its timeout; nothing is timed.
/// </summary>
public sealed class StreamingThroughNginxTests
{
    private static readonly TimeSpan FirstChunkTimeout = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 300_000)]
    public async Task FirstChunkArrivesBeforeTheModelSentTheRest()
    {
        await using var upstream = await GatedUpstream.StartAsync(["The essay ", "is due "], ["on Friday ", "at noon."]);
        // One data directory: the access token minted by one instance is valid on the other, wherever nginx sends the chat.
        await using var cluster = await HostCluster.StartAsync(instances: 2, new HostClusterOptions
        {
            SharedDataDirectory = true,
            Seed = new ClusterSeed { UpstreamBaseUrl = upstream.BaseUrl },
        });
        using var client = cluster.CreateClient();
        var accessToken = await cluster.LaunchAsync(client, profile: ClusterSeed.UpstreamProfileId);

        using var request = ChatApi.Completion(accessToken);
        // As a browser asks: a proxy that compressed the stream would also hold it back (and BREACH-expose it).
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Content.Headers.ContentEncoding);

        var received = new List<ServerSentEvent>();
        var sawChunkWhileModelWaited = false;
        using var timeout = new CancellationTokenSource(FirstChunkTimeout);
        try
        {
            await foreach (var chunk in ChatApi.ReadEventsAsync(response, timeout.Token))
            {
                received.Add(chunk);
                if (sawChunkWhileModelWaited || chunk.Content is not { Length: > 0 }) continue;
                Assert.False(upstream.IsGateOpen);
                Assert.StartsWith("The essay", chunk.Content);
                sawChunkWhileModelWaited = true;
                timeout.CancelAfter(FirstChunkTimeout);
                upstream.OpenGate();
            }
        }
        catch (OperationCanceledException) when (!sawChunkWhileModelWaited)
        {
            Assert.Fail($"No chunk reached the client within {FirstChunkTimeout.TotalSeconds} s while the model held the rest of its answer back: " +
                        $"something on the way buffers the stream.\n{cluster.Diagnostics()}");
        }

        Assert.True(sawChunkWhileModelWaited);
        Assert.True(received.Last().IsDone, $"The stream did not end with [DONE]: {string.Join('\n', received.Select(e => e.Data))}");
        Assert.Equal(upstream.Answer, string.Concat(received.Select(e => e.Content)));
        Assert.Equal(1, upstream.Requests);
    }
}
