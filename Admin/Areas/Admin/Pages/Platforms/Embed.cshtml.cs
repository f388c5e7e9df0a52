using System.Text.Encodings.Web;
using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

public sealed class EmbedModel(ILiveConfiguration live) : AdminPageModel
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

    public async Task<IActionResult> OnGetAsync(string id, string? profile, string? tokenUrl, string? position, string? locale, bool open, CancellationToken cancellationToken)
    {
        if (!(await live.CurrentAsync(cancellationToken)).Platforms.TryGetValue(id, out var platform)) return NotFound();
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
        return Page();
    }
}
