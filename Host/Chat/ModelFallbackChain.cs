using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Llm;

namespace ChatWidget.Host.Chat;

/// <summary>
/// The models tried for one turn, in order: the profile's model, its <see cref="ProfileSettings.FallbackModels"/> that exist
/// and are enabled, then (when <c>ChatWidget:Upstream:OfflineFallback</c> is on) the built-in offline responder.
/// </summary>
public static class ModelFallbackChain
{
    /// <summary>What a fallback answer carries as <c>system_fingerprint</c>, and the response header naming the model.</summary>
    public const string FingerprintPrefix = "chatwidget-fallback:";
    public const string Header = "X-ChatWidget-Fallback";

    public static IReadOnlyList<ModelSettings> For(ProfileSettings profile, ModelSettings primary, ConfigurationSnapshot snapshot, bool offlineFallback)
    {
        var chain = new List<ModelSettings> { primary };
        foreach (var id in profile.FallbackModels)
        {
            if (snapshot.Models.TryGetValue(id, out var model) && model.Enabled && chain.TrueForAll(m => m.Id != model.Id))
                chain.Add(model);
        }

        if (offlineFallback && chain.TrueForAll(m => m.Provider != ModelProviders.Offline))
            chain.Add(OfflineModel.Fallback);
        return chain;
    }
}
