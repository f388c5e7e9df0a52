using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm;

/// <summary>Gives the chat endpoint the <see cref="IChatClient"/> that answers for a profile on its model.</summary>
/// <remarks>
/// Resolve per request (it is cheap: clients are cached and rebuilt only when the model's settings
/// change) and do not dispose the result. Failures of OpenAI-compatible upstreams surface as
/// <see cref="UpstreamException"/>; cancelling the token passed to the client aborts the upstream call
/// and surfaces as <see cref="OperationCanceledException"/>. For the offline fallback, resolve with
/// <see cref="OfflineModel.Fallback"/>.
/// </remarks>
public interface IChatClientResolver
{
    IChatClient Resolve(ProfileSettings profile, ModelSettings model);
}
