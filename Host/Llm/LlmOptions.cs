using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Llm;

/// <summary>
/// How Host talks to language models. Bound from the <c>ChatWidget:Llm</c> configuration section
/// (environment variables <c>ChatWidget__Llm__*</c>) and validated at start-up.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "ChatWidget:Llm";

    /// <summary>
    /// <c>ChatWidget:Llm:OpenAiClient</c>: the library used for models whose provider is <c>openai</c>.
    /// <c>Relay</c> (default) is Host's own lean client; <c>Official</c> uses the official OpenAI SDK;
    /// <c>Betalgo</c> uses Betalgo.Ranul.OpenAI, which blocks a thread while waiting for the upstream's first
    /// response and does not report token usage for streamed answers. Read per request, so a reloaded configuration switches library for the
    /// next request without a restart.
    /// </summary>
    [EnumDataType(typeof(OpenAiClientLibrary))]
    public OpenAiClientLibrary OpenAiClient { get; set; } = OpenAiClientLibrary.Relay;

    /// <summary>
    /// <c>ChatWidget:Llm:OfflineWordDelayMilliseconds</c>: pause between words when the offline responder
    /// streams an answer, so the widget visibly types instead of showing the whole answer at once.
    /// Default 20; 0 streams as fast as possible (useful in tests). Range 0 to 1000.
    /// </summary>
    [Range(0, 1000)]
    public int OfflineWordDelayMilliseconds { get; set; } = 20;
}
