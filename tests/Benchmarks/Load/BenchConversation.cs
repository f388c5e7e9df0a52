using System.Text.Json;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// The conversation every benchmark request carries: a learner three turns in, asking a fourth question, under a
/// course assistant's instructions. Host receives the learner's side (history and question) and adds the
/// instructions; the direct request is what Host then sends the upstream, so both paths move the same words.
/// </summary>
public static class BenchConversation
{
    public const string Instructions =
        "You are the course assistant for Biology 101 at a large university. Answer the learner's questions about " +
        "the course: deadlines, labs, readings and the ideas taught in lectures. Be brief and friendly, use plain " +
        "language, and when you are not sure, say so and point to the course handbook or the teaching team.";

    private static readonly (string Role, string Content)[] Turns =
    [
        ("user", "When is the first lab report due, and how long should it be?"),
        ("assistant", "The first lab report is due on Friday of week three at noon. Aim for about 1,500 words, not counting the references and appendices."),
        ("user", "Do I need to include the raw data from the leaf pigment experiment?"),
        ("assistant", "Yes: put the raw absorbance readings in an appendix table and summarise them in the results section with one figure."),
        ("user", "What should the discussion section focus on?"),
        ("assistant", "Explain what your chromatography results show about the pigments present, compare them with the expected values, and discuss at least two sources of error."),
        ("user", "Can you explain again why chlorophyll looks green, in two sentences I can use as a starting point?"),
    ];

    /// <summary>The body a widget sends Host.</summary>
    public static byte[] HostRequestBody { get; } = JsonSerializer.SerializeToUtf8Bytes(new
    {
        messages = Turns.Select(t => new { role = t.Role, content = t.Content }),
        stream = true,
    });

    /// <summary>The body Host sends the upstream for the same turn: instructions first, the profile's sampling settings.</summary>
    public static byte[] UpstreamRequestBody { get; } = JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = BenchSeed.ModelName,
        messages = Turns.Select(t => new { role = t.Role, content = t.Content }).Prepend(new { role = "system", content = Instructions }),
        temperature = BenchSeed.Temperature,
        max_completion_tokens = BenchSeed.MaxOutputTokens,
        stream = true,
        stream_options = new { include_usage = true },
    });
}
