using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.AI;

namespace ChatWidget.Host.Llm;

/// <summary>Gives the chat endpoint the <see cref="IChatClient"/> that answers for a profile on its model.</summary>
public interface IChatClientResolver
{
    IChatClient Resolve(ProfileSettings profile, ModelSettings model);
}
