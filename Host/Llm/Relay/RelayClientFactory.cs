using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm.Relay;

/// <summary>Builds Host's own lean <see cref="IChatClient"/> (<see cref="RelayChatClient"/>) for an <c>openai</c> model.</summary>
public sealed class RelayClientFactory(IHttpClientFactory httpClientFactory)
{
    public IChatClient Create(ModelSettings model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new RelayChatClient(httpClientFactory.CreateClient(UpstreamHttpClient.Name), model);
    }
}
