namespace ChatWidget.Host.Llm;

/// <summary>The named <see cref="HttpClient"/> that carries every call to an OpenAI-compatible upstream.</summary>
public static class UpstreamHttpClient
{
    public const string Name = "ChatWidget.Upstream";
}
