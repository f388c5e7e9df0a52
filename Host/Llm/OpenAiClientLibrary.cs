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
}
