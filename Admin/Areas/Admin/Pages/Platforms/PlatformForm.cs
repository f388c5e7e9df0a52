using ChatWidget.Admin.Configuration;
using System.ComponentModel.DataAnnotations;
using FluentValidation;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>A platform's registration, except its keys (managed on the keys page, because changing them ends sessions).</summary>
public sealed class PlatformForm : IVersionedForm
{
    public static readonly string[] KnownAlgorithms = ["RS256", "ES256", "HS256"];

    public string Id { get; set; } = "";
    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = PlatformSettings.DefaultAudience;
    public List<string> Algorithms { get; set; } = [];
    [Display(Name = "JWKS URL")] public string? JwksUrl { get; set; }
    public string? AllowedOrigins { get; set; }
    public List<string> Profiles { get; set; } = [];
    public string? DefaultProfile { get; set; }
    public int MaxLaunchTokenLifetimeSeconds { get; set; } = PlatformSettings.DefaultMaxLaunchTokenLifetimeSeconds;
    public bool Enabled { get; set; } = true;

    /// <summary>Only when creating: a first key (PEM), or a generated HS256 secret shown once.</summary>
    [NotCompared] public string? PublicKeyPem { get; set; }
    [NotCompared] public bool GenerateSecret { get; set; }
    [NotCompared] public string? Kid { get; set; }

    public string? RowVersion { get; set; }

    public IEnumerable<string> OriginLines() =>
        (AllowedOrigins ?? "").Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0);

    public static PlatformForm From(StoredPlatform platform) => new()
    {
        Id = platform.Id,
        Issuer = platform.Issuer,
        Audience = platform.Audience,
        Algorithms = platform.Algorithms.ToList(),
        JwksUrl = platform.JwksUrl,
        AllowedOrigins = string.Join("\n", platform.AllowedOrigins),
        Profiles = platform.Profiles.ToList(),
        DefaultProfile = platform.DefaultProfile,
        MaxLaunchTokenLifetimeSeconds = platform.MaxLaunchTokenLifetimeSeconds,
        Enabled = platform.Enabled,
        RowVersion = platform.Text(),
    };
}

public sealed class PlatformFormValidator : AbstractValidator<PlatformForm>
{
    public PlatformFormValidator()
    {
        RuleFor(x => x.Id).Matches("^[a-z0-9][a-z0-9._-]{0,63}$")
            .WithMessage("Use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        RuleFor(x => x.Id).NotEqual(TeamAccessSettings.PlatformId).WithMessage("\"team\" is reserved for team sessions; choose another id.");
        RuleFor(x => x.Issuer).NotEmpty().WithMessage("Enter the issuer (iss) the platform puts in its launch tokens.").MaximumLength(500);
        RuleFor(x => x.Audience).NotEmpty().WithMessage("Enter the audience (default chatwidget).").MaximumLength(200);
        RuleFor(x => x.Algorithms).NotEmpty().WithMessage("Choose at least one algorithm.")
            .Must(a => a.All(PlatformForm.KnownAlgorithms.Contains)).WithMessage("Only RS256, ES256 and HS256 are supported.");
        RuleFor(x => x.JwksUrl).Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            .When(x => !string.IsNullOrWhiteSpace(x.JwksUrl)).WithMessage("Use an absolute https URL (http only on loopback).");
        RuleFor(x => x.AllowedOrigins).Must(o => (o ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Any())
            .WithMessage("Add at least one origin that may embed the widget.")
            .Must(o => (o ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).All(l => OriginRules.TryNormalize(l, out _)))
            .WithMessage("Each line must be an origin like https://lms.example.edu (scheme, host, optional port; no path or trailing slash).");
        // A platform made by LTI Dynamic Registration arrives disabled with no profiles: it may be saved so until it is enabled.
        RuleFor(x => x.Profiles).NotEmpty().When(x => x.Enabled)
            .WithMessage("Allow at least one profile: an enabled platform needs a profile to launch with.");
        RuleFor(x => x.DefaultProfile).Must((form, profile) => profile is not null && form.Profiles.Contains(profile))
            .When(x => x.Enabled || x.Profiles.Count > 0 || !string.IsNullOrEmpty(x.DefaultProfile))
            .WithMessage("The default profile must be one of the allowed profiles.");
        RuleFor(x => x.MaxLaunchTokenLifetimeSeconds).InclusiveBetween(10, 3600).WithMessage("Between 10 and 3600 seconds.");
        RuleFor(x => x.Kid).MaximumLength(200);
    }
}
