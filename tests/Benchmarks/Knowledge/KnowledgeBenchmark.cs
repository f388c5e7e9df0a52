using System.Diagnostics;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Benchmarks.Load;
using ChatWidget.Benchmarks.Processes;
using ChatWidget.TestServers;

namespace ChatWidget.Benchmarks.Knowledge;

/// <summary>
/// Section 9: the course corpus uploaded and published through <see cref="KnowledgeCatalog"/> as an administrator would,
/// into SQLite and then into a PostgreSQL cluster the benchmark starts; recall@3 of <see cref="IKnowledgeIndex"/> over
/// the questions; then generated filler published beside it until the index holds <see cref="IndexedChunks"/> chunks,
/// and the time of one search there, asked as a turn asks (both bases, the retriever's candidate limit).
/// </summary>
public sealed class KnowledgeBenchmark(RepositoryPaths paths, int searches)
{
    public const int IndexedChunks = 10_000;
    public const int RecallDepth = 3;

    /// <summary>The retriever's candidate limit at the default knowledge budget (1,500 tokens / 100).</summary>
    public const int SearchLimit = 15;

    private const string Course = "cs101";
    private const string Filler = "archive";
    private const string Admin = "bench@example.edu";

    public async Task<KnowledgeResult> RunAsync()
    {
        Console.WriteLine("\n== Course knowledge retrieval (SQLite, then PostgreSQL)");
        var corpus = KnowledgeCorpus.Load(paths);
        var engines = new List<KnowledgeEngineResult> { await MeasureAsync("SQLite", null, corpus) };
        await using (var postgres = await PostgresServer.StartAsync())
            engines.Add(await MeasureAsync("PostgreSQL", await postgres.CreateDatabaseAsync(), corpus));
        return new KnowledgeResult(corpus.Files.Count, corpus.Questions.Count, engines);
    }

    private async Task<KnowledgeEngineResult> MeasureAsync(string engine, string? postgres, KnowledgeCorpus corpus)
    {
        using var store = await KnowledgeStoreHost.StartAsync(postgres);
        var files = await PublishAsync(store, Course, "CS101 material", corpus.Files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
        var corpusChunks = await store.CountChunksAsync();
        var (recall, missed) = await RecallAsync(store, corpus, files, [Course]);

        var filler = FillerDocuments.Generate(corpus.Words(), IndexedChunks - corpusChunks).Select(d => (d.FileName, System.Text.Encoding.UTF8.GetBytes(d.Text)));
        await PublishAsync(store, Filler, "Archive", filler);
        var indexed = await store.CountChunksAsync();
        var (recallWithFiller, _) = await RecallAsync(store, corpus, files, [Course, Filler]);

        var timings = new List<double>(searches);
        string[] bases = [Course, Filler];
        for (var i = -Math.Min(100, searches); i < searches; i++)
        {
            var question = corpus.Questions[(i + corpus.Questions.Count * 100) % corpus.Questions.Count].Question;
            var started = Stopwatch.GetTimestamp();
            await store.Index.SearchAsync(bases, question, SearchLimit, CancellationToken.None);
            if (i >= 0) timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var result = new KnowledgeEngineResult(engine, corpusChunks, indexed, recall, recallWithFiller, missed, SearchLimit, Distribution.Of(timings));
        Console.WriteLine($"{engine}: recall@3 {recall:P1} ({recallWithFiller:P1} with filler), {indexed} chunks, search p50 {result.SearchMilliseconds.P50:F2} ms, p99 {result.SearchMilliseconds.P99:F2} ms");
        return result;
    }

    /// <summary>Creates and publishes a knowledge base of the given files; returns each document's source id → file name.</summary>
    private static async Task<Dictionary<string, string>> PublishAsync(KnowledgeStoreHost store, string id, string title, IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var catalog = store.Catalog;
        Check((await catalog.CreateAsync(id, title, KnowledgeLanguages.Default, Admin, CancellationToken.None)).Error);
        var sources = new Dictionary<string, string>();
        foreach (var (name, bytes) in files)
        {
            var added = await catalog.AddDocumentAsync(id, name, bytes, null, null, Admin, await StampAsync(catalog, id), CancellationToken.None);
            Check(added.Result.Error is { } error ? $"{name}: {error}" : null);
            sources[StoredKnowledgeDocument.SourceIdOf(added.Document!.DocumentId)] = name;
        }
        Check((await catalog.PublishAsync(id, Admin, await StampAsync(catalog, id), CancellationToken.None)).Error);
        return sources;
    }

    private static async Task<string> StampAsync(KnowledgeCatalog catalog, string id) => (await catalog.LoadAsync(id, CancellationToken.None))!.Stamp;

    private static async Task<(double Recall, IReadOnlyList<string> Missed)> RecallAsync(KnowledgeStoreHost store, KnowledgeCorpus corpus,
        IReadOnlyDictionary<string, string> files, string[] bases)
    {
        var missed = new List<string>();
        foreach (var question in corpus.Questions)
        {
            var hits = await store.Index.SearchAsync(bases, question.Question, RecallDepth, CancellationToken.None);
            if (!question.AnsweredBy(hits.Select(h => files.GetValueOrDefault(h.SourceId, "")))) missed.Add(question.Question);
        }
        return (1 - (double)missed.Count / corpus.Questions.Count, missed);
    }

    private static void Check(string? error)
    {
        if (error is not null) throw new InvalidOperationException("Knowledge benchmark setup failed: " + error);
    }
}
