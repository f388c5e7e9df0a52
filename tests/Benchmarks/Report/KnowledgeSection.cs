using System.Text;
using ChatWidget.Benchmarks.Knowledge;
using static ChatWidget.Benchmarks.Report.ReportText;

namespace ChatWidget.Benchmarks.Report;

/// <summary>Section 9 of the report: how often course knowledge retrieval finds the answering document, and what a search costs a turn.</summary>
public static class KnowledgeSection
{
    public const double RecallGoal = 0.9;
    public const double SearchP50GoalMs = 2;

    public static bool RecallGoalMet(KnowledgeEngineResult r) => r.RecallAt3 >= RecallGoal;

    public static bool SearchGoalMet(KnowledgeEngineResult r) => r.SearchMilliseconds.P50 <= SearchP50GoalMs;

    public static string Render(KnowledgeResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"The course corpus of `tests/Benchmarks/Knowledge` ({r.Documents} documents of a fictional CS101 course and student handbook in Markdown, text, HTML and PDF; see its README) is uploaded and published through the dashboard's catalog, chunked at {Admin.Configuration.Knowledge.Ingestion.KnowledgeChunker.DefaultMaxTokens} tokens, into each engine: the SQLite file of a fresh data directory (FTS5), then a PostgreSQL cluster the benchmark starts on loopback (`tsvector`, english). ") +
            Invariant($"Recall@{KnowledgeBenchmark.RecallDepth}: the share of the {r.Questions} student questions (`questions.json`, phrased unlike the documents) for which a document that answers them is among the top {KnowledgeBenchmark.RecallDepth} chunks of `IKnowledgeIndex.SearchAsync`, over the corpus alone and again with the filler beside it. ") +
            Invariant($"Search time: generated filler documents (sections of the corpus's own words) are published as a second knowledge base until the index holds {KnowledgeBenchmark.IndexedChunks:N0} chunks, then the questions are asked in turn over both bases with the retriever's candidate limit ({KnowledgeBenchmark.SearchLimit}), one at a time, timed around the call as Host makes it (connection from the pool, query, reading the hits). ") +
            Invariant($"Goals: recall@3 ≥ {RecallGoal:P0}; search p50 ≤ {SearchP50GoalMs} ms at {KnowledgeBenchmark.IndexedChunks:N0} chunks."));
        text.AppendLine();
        var table = new MarkdownTable("engine", "corpus chunks", "recall@3", "recall@3 with filler", "chunks indexed", "searches", "search p50", "search p90", "search p99", "recall goal", "search goal");
        foreach (var e in r.Engines)
            table.Row(e.Engine, Number(e.CorpusChunks), Invariant($"{e.RecallAt3:P1}"), Invariant($"{e.RecallAt3WithFiller:P1}"), Number(e.IndexedChunks), Number(e.SearchMilliseconds.Count),
                Ms(e.SearchMilliseconds.P50), Ms(e.SearchMilliseconds.P90), Ms(e.SearchMilliseconds.P99), Verdict(RecallGoalMet(e)), Verdict(SearchGoalMet(e)));
        text.Append(table).AppendLine();
        foreach (var e in r.Engines.Where(e => e.Missed.Count > 0))
            text.AppendLine(Invariant($"Missed on {e.Engine} (corpus alone): ") + string.Join("; ", e.Missed.Select(q => $"\"{q}\"")) + ".").AppendLine();
        return text.ToString();
    }
}
