using ChatWidget.Benchmarks.Load;

namespace ChatWidget.Benchmarks.Knowledge;

/// <summary>Section 9: course knowledge retrieval on each database engine.</summary>
public sealed record KnowledgeResult(int Documents, int Questions, IReadOnlyList<KnowledgeEngineResult> Engines);

/// <summary>
/// One engine's figures: recall@3 over the corpus alone and again with the filler in the index, the questions missed
/// (corpus alone), the index size the latency was measured at and the time of one <c>SearchAsync</c> there.
/// </summary>
public sealed record KnowledgeEngineResult(
    string Engine,
    int CorpusChunks,
    int IndexedChunks,
    double RecallAt3,
    double RecallAt3WithFiller,
    IReadOnlyList<string> Missed,
    int SearchLimit,
    Distribution SearchMilliseconds);
