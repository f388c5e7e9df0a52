namespace ChatWidget.Host.Llm;

/// <summary>Which .NET library talks to <c>openai</c> models.</summary>
public enum OpenAiClientLibrary
{
    /// <summary>
    /// The official OpenAI SDK through Microsoft.Extensions.AI.OpenAI. Fully asynchronous, reports token
    /// usage when streaming, and cancels the upstream request as soon as the caller goes away.
    /// </summary>
    Official,

    /// <summary>
    /// Betalgo.Ranul.OpenAI (the successor of Betalgo.OpenAI). Kept selectable for deployments that
    /// standardised on it. Known limits of 9.2.6: a thread blocks until the upstream sends response
    /// headers, cancellation is only noticed between stream lines, and streamed answers carry no token usage.
    /// </summary>
    Betalgo,

    /// <summary>
    /// Host's own lean relay: one HttpClient call, the upstream's event stream parsed in place (no SDK pipeline, no
    /// per-chunk JSON objects). Asks for and reports token usage when streaming, like <see cref="Official"/>, and is
    /// cancelled the same way; speaks only what Host uses of the chat completions API (text messages, temperature,
    /// maximum output tokens).
    /// </summary>
    Relay,
}
