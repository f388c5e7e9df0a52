using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Knowledge.Semantic;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Tests.Fakes;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>The embeddings wire format against the fake upstream: batches, order, the bearer key, failures without secrets.</summary>
public sealed class EmbeddingClientTests : IAsyncLifetime
{
    private const string Key = "sk-embed-CLIENT-CANARY-31";
    private FakeEmbeddingsUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeEmbeddingsUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private ModelSettings Model => new("embed", ModelProviders.OpenAi, _upstream.BaseUrl, Key, "fake-embedding", 8192, true);

    [Fact]
    public async Task Inputs_are_sent_in_batches_of_64_and_each_gets_its_own_vector_in_input_order()
    {
        var inputs = Enumerable.Range(0, 130).Select(i => $"chunk number {i}").ToArray();

        var vectors = await new EmbeddingClient(new PlainHttpClients()).EmbedAsync(Model, inputs, default);

        Assert.Equal([64, 64, 2], _upstream.Requests.Select(r => r.Body.GetProperty("input").GetArrayLength()));
        Assert.All(_upstream.Requests, r => Assert.Equal("Bearer " + Key, r.Headers["Authorization"]));
        Assert.Equal(inputs.Length, vectors.Count);
        for (var i = 0; i < inputs.Length; i++) Assert.Equal(FakeEmbeddingsUpstream.Embed(inputs[i]), vectors[i]);
    }

    [Fact]
    public async Task An_error_response_is_an_upstream_failure_naming_the_model_and_status_never_the_key_or_the_input()
    {
        _upstream.Down = true;

        var failure = await Assert.ThrowsAsync<UpstreamException>(() =>
            new EmbeddingClient(new PlainHttpClients()).EmbedAsync(Model, ["CANARY input 77"], default));

        Assert.Equal(UpstreamFailure.Unavailable, failure.Failure);
        Assert.Equal("The upstream of model embed answered HTTP 503.", failure.Message);
        Assert.DoesNotContain(Key, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_an_unavailable_upstream()
    {
        var port = _upstream.BaseUrl.Port;
        await _upstream.DisposeAsync();
        _upstream = await FakeEmbeddingsUpstream.StartAsync();
        var gone = Model with { BaseUrl = new Uri($"http://127.0.0.1:{port}/v1") };

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => new EmbeddingClient(new PlainHttpClients()).EmbedAsync(gone, ["x"], default));

        Assert.Equal(UpstreamFailure.Unavailable, failure.Failure);
        Assert.DoesNotContain(Key, failure.ToString(), StringComparison.Ordinal);
    }

    private sealed class PlainHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
