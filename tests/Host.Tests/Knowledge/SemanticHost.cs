using System.Net;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>
/// Host on the fake chat upstream and the fake embeddings upstream, its profile <c>support</c> answering from knowledge
/// base <c>cs101</c> (a syllabus and a handbook) published through the catalog into Host's SQLite database and searched
/// by the real FTS5 index, with (or without) the embedding model <see cref="ModelId"/>.
/// </summary>
public sealed class SemanticHost : IAsyncDisposable
{
    public const string ModelId = "embed";
    public const string ApiKey = "sk-embed-KEY-CANARY-5b1d0c";

    private SemanticHost(UpstreamHost stack, FakeEmbeddingsUpstream embeddings)
    {
        Stack = stack;
        Embeddings = embeddings;
    }

    public UpstreamHost Stack { get; }

    public FakeEmbeddingsUpstream Embeddings { get; }

    public string Logs => Stack.Host.Logs.AllText;

    /// <summary>Starts Host, points the profile at cs101 (and <see cref="ModelId"/> when asked), then publishes cs101.</summary>
    public static async Task<SemanticHost> StartAsync(bool withEmbeddingModel = true)
    {
        var embeddings = await FakeEmbeddingsUpstream.StartAsync();
        var stack = await UpstreamHost.StartAsync(settings: new Dictionary<string, string?> { ["ChatWidget:Upstream:MaxRetries"] = "0" });
        var host = new SemanticHost(stack, embeddings);
        host.UseEmbeddingModel(withEmbeddingModel ? ModelId : null);
        await PublishedKnowledgeTurn.PublishAsync(stack.Host.Services.GetRequiredService<KnowledgeCatalog>(), "cs101",
            ("syllabus.txt", "Syllabus", GroundedHost.GradingText), ("handbook.txt", "Student handbook", GroundedHost.OfficeHoursText));
        return host;
    }

    /// <summary>The profile's embedding model (null: none), as an administrator would set it; cs101 at revision 1.</summary>
    public void UseEmbeddingModel(string? modelId) => Stack.Host.Configuration.Update(s => s with
    {
        Models = new Dictionary<string, ModelSettings>(s.Models)
        {
            [ModelId] = new(ModelId, ModelProviders.OpenAi, Embeddings.BaseUrl, ApiKey, "fake-embedding", 8192, true),
        },
        Profiles = new Dictionary<string, ProfileSettings>(s.Profiles)
        {
            ["support"] = s.Profiles["support"] with { Knowledge = [], Grounding = new GroundingSettings(["cs101"], 1500, false, modelId) },
        },
        KnowledgeRevisions = new Dictionary<string, int> { ["cs101"] = 1 },
    });

    /// <summary>Content of cs101 that has no vector of <see cref="ModelId"/> yet.</summary>
    public Task<IReadOnlyList<KnowledgeChunkContent>> MissingAsync() =>
        Stack.Host.Services.GetRequiredService<KnowledgeEmbeddingStore>().MissingAsync(ModelId, ["cs101"], default);

    /// <summary>Waits (up to half a minute) for the background indexer to have embedded every chunk of cs101.</summary>
    public async Task WaitForVectorsAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await MissingAsync()).Count > 0)
            await Task.Delay(50, patience.Token);
    }

    /// <summary>Asks one question as a learner; the streamed answer's body.</summary>
    public async Task<string> AskAsync(string question)
    {
        var token = await Stack.LaunchAsync();
        using var response = await Stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, question, true));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    public string SystemPrompt() => GroundedHost.SystemPromptOf(Stack.Upstream);

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Embeddings.DisposeAsync();
    }
}
