namespace ChatWidget.Host.Llm;

public static class LlmServiceExtensions
{
    // SCAFFOLD: filled in by the LLM clients work.
    public static IHostApplicationBuilder AddLlmClients(this IHostApplicationBuilder builder) => builder;
}
