using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Llm;

/// <summary>
/// A model entry for the built-in offline responder, for when no configured model can serve a profile
/// (the upstream is down, or the profile's model is missing or disabled).
/// </summary>
public static class OfflineModel
{
    public static ModelSettings Fallback { get; } =
        new("offline-fallback", ModelProviders.Offline, BaseUrl: null, ApiKey: null, OfflineResponder.ModelName, ContextWindow: 8192, Enabled: true);
}
