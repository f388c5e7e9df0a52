using System.Text.Json;
using ChatWidget.Benchmarks.Upstream;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Host's seed file for a benchmark run: one <c>openai</c> model and profile per upstream shape (the shape is
/// in the model's base URL), and the two partner platforms, ES256 and HS256, allowed to use both profiles.
/// </summary>
public static class BenchSeed
{
    public const string ApiKey = "sk-bench-not-a-real-key";
    public const string ModelName = "bench-model";
    public const double Temperature = 0.3;
    public const int MaxOutputTokens = 512;

    public static string Write(string directory, Uri upstream, IReadOnlyDictionary<string, StreamShape> profiles, IEnumerable<BenchPlatform> platforms)
    {
        var seed = new
        {
            models = profiles.Select(p => new
            {
                id = p.Key,
                provider = "openai",
                baseUrl = new Uri(upstream, p.Value.BasePath).ToString(),
                apiKey = ApiKey,
                model = ModelName,
                contextWindow = 128000,
            }),
            profiles = profiles.Keys.Select(id => new
            {
                id,
                title = "Benchmark assistant",
                instructions = BenchConversation.Instructions,
                model = id,
                temperature = Temperature,
                maxOutputTokens = MaxOutputTokens,
                greeting = "Hello",
                locale = "en",
            }),
            platforms = platforms.Select(p => p.Registration),
        };
        var path = Path.Combine(directory, "seed.json");
        File.WriteAllText(path, JsonSerializer.Serialize(seed, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
