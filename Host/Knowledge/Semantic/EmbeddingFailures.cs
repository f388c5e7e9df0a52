using System.Collections.Concurrent;
using ChatWidget.Host.Llm;

namespace ChatWidget.Host.Knowledge.Semantic;

/// <summary>
/// Logs failures of the semantic ranking and of the indexer at most once per embedding model per
/// <see cref="Quiet"/>, so an embedding endpoint that is down does not write a warning on every turn. The message
/// names the model id and the failure only: an <see cref="UpstreamException"/>'s own words (model id and status,
/// never the key or the input), or else the exception's type (a database's message may quote the data).
/// </summary>
public sealed partial class EmbeddingFailures(TimeProvider time, ILogger<EmbeddingFailures> logger)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>A turn could not use the semantic ranking of <paramref name="modelId"/>: it goes on with full text alone.</summary>
    public void RankingFailed(string modelId, Exception exception)
    {
        if (ShouldLog("ranking\n" + modelId)) LogRankingFailed(modelId, Describe(exception));
    }

    /// <summary>The query's vector did not come within <see cref="SemanticKnowledgeRanking.QueryTimeout"/>.</summary>
    public void RankingTimedOut(string modelId)
    {
        if (ShouldLog("ranking\n" + modelId)) LogRankingFailed(modelId, $"no answer within {SemanticKnowledgeRanking.QueryTimeout.TotalSeconds:0} s");
    }

    /// <summary>The profile names a model that cannot embed (unknown, disabled or offline).</summary>
    public void NotAnEmbeddingModel(string modelId)
    {
        if (ShouldLog("model\n" + modelId)) LogNotAnEmbeddingModel(modelId);
    }

    /// <summary>The indexer could not embed chunks for <paramref name="modelId"/>; it tries again at its next pass.</summary>
    public void IndexingFailed(string modelId, Exception exception)
    {
        if (ShouldLog("indexing\n" + modelId)) LogIndexingFailed(modelId, Describe(exception));
    }

    private static string Describe(Exception exception) => exception is UpstreamException upstream ? upstream.Message : exception.GetType().Name;

    private bool ShouldLog(string key)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            if (_lastLogged.TryAdd(key, now)) return true;
            if (!_lastLogged.TryGetValue(key, out var last)) continue;
            if (now - last < Quiet) return false;
            if (_lastLogged.TryUpdate(key, now, last)) return true;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Semantic ranking with embedding model {ModelId} failed ({Failure}); turns use full-text ranking alone meanwhile")]
    private partial void LogRankingFailed(string modelId, string failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Embedding model {ModelId} is not an enabled OpenAI-compatible model; its profiles use full-text ranking alone")]
    private partial void LogNotAnEmbeddingModel(string modelId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Could not embed course knowledge with model {ModelId} ({Failure}); trying again at the next pass")]
    private partial void LogIndexingFailed(string modelId, string failure);
}
