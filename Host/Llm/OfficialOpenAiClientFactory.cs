using System.ClientModel;
using System.ClientModel.Primitives;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ChatWidget.Host.Llm;

/// <summary>Builds an <see cref="IChatClient"/> for an <c>openai</c> model on the official OpenAI SDK.</summary>
public sealed class OfficialOpenAiClientFactory(IHttpClientFactory httpClientFactory)
{
    // Local servers (Ollama, llama.cpp, vLLM) accept any key but the SDK insists on a non-empty one.
    private const string PlaceholderKey = "no-key";

    public IChatClient Create(ModelSettings model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var baseUrl = model.BaseUrl ?? throw new InvalidOperationException($"Model {model.Id} has no base URL.");

        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            Transport = new HttpClientPipelineTransport(httpClientFactory.CreateClient(UpstreamHttpClient.Name)),
            // The SDK's own retries (3, with back-off) would hold a learner's request for many seconds on
            // a 429 or 5xx and hide the failure from the endpoint's own policy; resilience is added on the
            // named HttpClient deliberately, so the SDK must not retry on its own.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The default 100 s network timeout would cut long streamed answers; the caller's token
            // (HttpContext.RequestAborted) decides when to give up.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };

        var credential = new ApiKeyCredential(string.IsNullOrEmpty(model.ApiKey) ? PlaceholderKey : model.ApiKey);
        return new OpenAI.Chat.ChatClient(model.ModelName, credential, options).AsIChatClient();
    }
}
