using System.Collections.Concurrent;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// Keeps a search fast on a large index: a word found in more than a third of the chunks ranks next to nothing (its
/// inverse document frequency is near zero) yet makes the engine rank almost every chunk, so it is left out of the
/// query, unless every word is that common (then the rarest one stays). Below <see cref="MinChunks"/> chunks every
/// word is kept. How many chunks hold a word is counted by the engine and remembered until the configuration changes
/// (every publish does); only words that occur in the material are remembered, never a learner's other words.
/// </summary>
internal sealed class KnowledgeWordStatistics
{
    public const int MinChunks = 1000;

    private readonly ConcurrentDictionary<string, long> chunksWithWord = new(StringComparer.Ordinal);
    private Epoch epoch = new(-1, 0);

    /// <param name="version">The configuration version now (<see cref="ConfigurationVersion"/>).</param>
    /// <param name="countChunks">Counts all chunks of the index.</param>
    /// <param name="countChunksWith">Counts the chunks that hold a word.</param>
    public async Task<IReadOnlyList<string>> SelectiveAsync(IReadOnlyList<string> words, long version, Func<Task<long>> countChunks,
        Func<string, Task<long>> countChunksWith)
    {
        var current = epoch;
        if (current.Version != version)
        {
            chunksWithWord.Clear();
            current = new Epoch(version, await countChunks());
            epoch = current;
        }

        if (current.Chunks < MinChunks) return words;
        var counted = new List<(string Word, long Chunks)>();
        foreach (var word in words)
        {
            if (!chunksWithWord.TryGetValue(word, out var chunks))
            {
                chunks = await countChunksWith(word);
                if (chunks > 0) chunksWithWord[word] = chunks;
            }

            if (chunks > 0) counted.Add((word, chunks));
        }

        var selective = counted.Where(c => c.Chunks * 3 <= current.Chunks).Select(c => c.Word).ToList();
        return selective.Count > 0 || counted.Count == 0 ? selective : [counted.MinBy(c => c.Chunks).Word];
    }

    /// <summary>A reference, so that readers on other threads see the version and the count of the same moment.</summary>
    private sealed record Epoch(long Version, long Chunks);
}
