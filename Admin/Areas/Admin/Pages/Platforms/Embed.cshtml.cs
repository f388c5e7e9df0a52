using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

public sealed partial class EmbedModel(ILiveConfiguration live) : AdminPageModel
{
    public string Id { get; private set; } = "";
    public IReadOnlyList<string> Profiles { get; private set; } = [];
    public string DefaultProfile { get; private set; } = "";
    public string? Profile { get; private set; }
    public string TokenUrl { get; private set; } = "/chat/launch-token";
    public string Position { get; private set; } = "right";
    public string? Locale { get; private set; }
    public bool Open { get; private set; }
    public string Snippet { get; private set; } = "";

    /// <summary>The published profile the snippet's widget would show (the chosen one, else the platform's default).</summary>
    public ProfileSettings? PreviewProfile { get; private set; }

    /// <summary>The profile's accent when it is a valid hex colour (it is applied through CSSOM, never inline markup).</summary>
    public string PreviewAccent { get; private set; } = ProfileTheme.Default.Accent;

    /// <summary>Black or white, whichever reads better on the accent (as the widget chooses).</summary>
    public string PreviewOnAccent { get; private set; } = "#ffffff";

    public async Task<IActionResult> OnGetAsync(string id, string? profile, string? tokenUrl, string? position, string? locale, bool open, CancellationToken cancellationToken)
    {
        var snapshot = await live.CurrentAsync(cancellationToken);
        if (!snapshot.Platforms.TryGetValue(id, out var platform)) return NotFound();
        Id = id;
        Profiles = platform.Profiles;
        DefaultProfile = platform.DefaultProfile;
        Profile = profile is not null && platform.Profiles.Contains(profile) ? profile : null;
        TokenUrl = string.IsNullOrWhiteSpace(tokenUrl) ? TokenUrl : tokenUrl.Trim();
        Position = position == "left" ? "left" : "right";
        Locale = string.IsNullOrWhiteSpace(locale) ? null : locale.Trim();
        Open = open;

        var attr = HtmlEncoder.Default;
        var host = $"{Request.Scheme}://{Request.Host}";
        var lines = new List<string>
        {
            $"<script src=\"{attr.Encode(host)}/widget.js\" async",
            $"        data-platform=\"{attr.Encode(id)}\"",
            $"        data-token-url=\"{attr.Encode(TokenUrl)}\"",
        };
        if (Profile is not null) lines.Add($"        data-profile=\"{attr.Encode(Profile)}\"");
        lines.Add($"        data-position=\"{Position}\"");
        if (Open) lines.Add("        data-open=\"true\"");
        if (Locale is not null) lines.Add($"        data-locale=\"{attr.Encode(Locale)}\"");
        lines[^1] += "></script>";
        Snippet = string.Join("\n", lines);

        PreviewProfile = snapshot.Profiles.GetValueOrDefault(Profile ?? DefaultProfile);
        if (PreviewProfile?.Theme.Accent is { } accent && HexColour().IsMatch(accent))
        {
            PreviewAccent = accent.Length == 4 ? $"#{accent[1]}{accent[1]}{accent[2]}{accent[2]}{accent[3]}{accent[3]}" : accent;
        }
        PreviewOnAccent = ReadableTextOn(PreviewAccent);
        return Page();
    }

    /// <summary>WCAG relative luminance: black text on light accents, white on dark ones (the widget's own rule).</summary>
    private static string ReadableTextOn(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
        return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
    }

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColour();
}
