using System.Threading.Channels;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>
/// Fills in the background the vectors the semantic ranking compares questions with: at start, whenever configuration
/// changes (it is one of the <see cref="IConfigurationChangeNotifier"/>s, so a publish here or, over the change bus, on
/// another instance wakes it), and every <see cref="RetryInterval"/> (an endpoint that was down). For every embedding
/// model that profiles with knowledge bases name, it embeds the bases' published chunks that have no vector of that
/// model yet (<see cref="KnowledgeEmbeddingStore.MissingAsync"/>), <see cref="EmbeddingClient.BatchSize"/> at a time,
/// at most <see cref="MaxPerRound"/> per round, saving each batch as it comes.
/// </summary>
/// <remarks>
/// Several instances may index at once: the store keeps whichever vector of a content hash came first. Logs carry
/// counts and model ids only, never chunk text.
/// </remarks>
public sealed partial class KnowledgeEmbeddingIndexer(
    ILiveConfiguration configuration,
    KnowledgeEmbeddingStore store,
    EmbeddingClient client,
    EmbeddedChunksCache cache,
    EmbeddingFailures failures,
    TimeProvider time,
    ILogger<KnowledgeEmbeddingIndexer> logger) : BackgroundService, IConfigurationChangeNotifier
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(5);

    /// <summary>Chunks read and embedded per round: a big first publish is worked through round after round.</summary>
    public const int MaxPerRound = 512;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Configuration changed: index again as soon as the current pass is done.</summary>
    public void NotifyChanged() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                _wake.Reader.TryRead(out _);
                await IndexAsync(stoppingToken);
                await WaitForChangeAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a batch cut short is embedded again by the next start.
        }
    }

    /// <summary>One pass over every embedding model in use (what a change or the interval starts).</summary>
    private async Task IndexAsync(CancellationToken cancellationToken)
    {
        ConfigurationSnapshot snapshot;
        try
        {
            snapshot = await configuration.CurrentAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogConfigurationUnavailable(e.GetType().Name);
            return;
        }

        var uses = snapshot.Profiles.Values.Select(p => p.Grounding)
            .Where(g => g is { EmbeddingModelId: not null, KnowledgeBaseIds.Count: > 0 }).ToList();
        cache.Retain(uses.Select(g => EmbeddedChunksCache.Key(g.EmbeddingModelId!, g.KnowledgeBaseIds)).ToHashSet(StringComparer.Ordinal));
        foreach (var use in uses.GroupBy(g => g.EmbeddingModelId!, StringComparer.Ordinal))
        {
            if (EmbeddingModel.Resolve(snapshot, use.Key) is not { } model)
            {
                failures.NotAnEmbeddingModel(use.Key);
                continue;
            }

            await IndexModelAsync(model, [.. use.SelectMany(g => g.KnowledgeBaseIds).Distinct(StringComparer.Ordinal)], cancellationToken);
        }
    }

    private async Task IndexModelAsync(ModelSettings model, string[] knowledgeBaseIds, CancellationToken cancellationToken)
    {
        var embedded = 0;
        try
        {
            var before = int.MaxValue;
            while (await store.MissingAsync(model.Id, knowledgeBaseIds, cancellationToken) is { Count: > 0 } missing && missing.Count < before)
            {
                // A round that saved nothing new (the store kept refusing) ends the pass instead of calling the model forever.
                before = missing.Count;
                foreach (var batch in missing.Take(MaxPerRound).Chunk(EmbeddingClient.BatchSize))
                {
                    var vectors = await client.EmbedAsync(model, [.. batch.Select(Input)], cancellationToken);
                    var saved = batch.Zip(vectors).ToDictionary(p => p.First.ContentHash, p => p.Second, StringComparer.Ordinal);
                    await store.SaveAsync(model.Id, saved, cancellationToken);
                    embedded += batch.Length;
                }
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            failures.IndexingFailed(model.Id, e);
        }
        finally
        {
            if (embedded > 0)
            {
                cache.VectorsSaved();
                LogEmbedded(embedded, model.Id);
            }
        }
    }

    /// <summary>What a chunk's vector is computed from: its heading path and its text, as its content hash covers them.</summary>
    private static string Input(KnowledgeChunkContent chunk) =>
        chunk.Heading is { Length: > 0 } heading ? heading + "\n\n" + chunk.Text : chunk.Text;

    private async Task WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var changed = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        var interval = Task.Delay(RetryInterval, time, waiting.Token);
        await Task.WhenAny(changed, interval);
        await waiting.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded {Count} course knowledge chunks with model {ModelId}")]
    private partial void LogEmbedded(int count, string modelId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Could not read the configuration to index course knowledge ({ExceptionType}); trying again at the next change")]
    private partial void LogConfigurationUnavailable(string exceptionType);
}
