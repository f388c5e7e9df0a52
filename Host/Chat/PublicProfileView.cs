using System.Text.Json.Serialization;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Chat;

/// <summary>
/// What the widget may know about its profile (<c>GET /api/profile</c>). Built field by field from
/// <see cref="ProfileSettings"/> so instructions, model, knowledge and keys can never leak by serialising the settings.
/// </summary>
public sealed record PublicProfileView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("greeting")] string? Greeting,
    [property: JsonPropertyName("starters")] IReadOnlyList<string> Starters,
    [property: JsonPropertyName("theme")] PublicProfileView.ThemeView Theme,
    [property: JsonPropertyName("locale")] string? Locale,
    [property: JsonPropertyName("disclaimer")] string? Disclaimer,
    [property: JsonPropertyName("limits")] PublicProfileView.LimitsView Limits)
{
    public sealed record ThemeView([property: JsonPropertyName("accent")] string Accent);

    public sealed record LimitsView(
        [property: JsonPropertyName("maxMessageChars")] int MaxMessageChars,
        [property: JsonPropertyName("maxMessages")] int MaxMessages,
        [property: JsonPropertyName("maxTotalChars")] int MaxTotalChars);

    public static PublicProfileView From(ProfileSettings profile) => new(
        profile.Id,
        profile.Title,
        profile.Greeting,
        profile.Starters,
        new ThemeView(profile.Theme.Accent),
        profile.Locale,
        profile.Disclaimer,
        new LimitsView(profile.Limits.MaxMessageChars, profile.Limits.MaxMessages, profile.Limits.MaxTotalChars));
}
