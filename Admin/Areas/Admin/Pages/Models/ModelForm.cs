using ChatWidget.Admin.Configuration;
using FluentValidation;

namespace ChatWidget.Admin.Areas.Admin.Pages.Models;

/// <summary>A model's fields. The API key is write-only: left blank it keeps the stored key.</summary>
public sealed class ModelForm : IVersionedForm
{
    public string Id { get; set; } = "";
    public string Provider { get; set; } = ModelProviders.OpenAi;
    public string? BaseUrl { get; set; }
    [NotCompared] public string? ApiKey { get; set; }
    [NotCompared] public bool ClearApiKey { get; set; }
    public string? ModelName { get; set; }
    public int ContextWindow { get; set; } = 8192;
    public bool Enabled { get; set; } = true;
    public string? RowVersion { get; set; }

    public static ModelForm From(StoredModel model) => new()
    {
        Id = model.Id,
        Provider = model.Provider,
        BaseUrl = model.BaseUrl,
        ModelName = model.ModelName,
        ContextWindow = model.ContextWindow,
        Enabled = model.Enabled,
        RowVersion = model.Text(),
    };

    /// <summary>Every non-secret field, for the audit log: the key appears only as whether one is set.</summary>
    public static object AuditView(StoredModel m) => new { m.Provider, m.BaseUrl, m.ModelName, m.ContextWindow, m.Enabled, ApiKeySet = m.ProtectedApiKey is not null };
}

public sealed class ModelFormValidator : AbstractValidator<ModelForm>
{
    public ModelFormValidator()
    {
        RuleFor(x => x.Id).Matches("^[a-z0-9][a-z0-9._-]{0,63}$")
            .WithMessage("Use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        RuleFor(x => x.Provider).Must(p => p is ModelProviders.OpenAi or ModelProviders.Offline).WithMessage("Choose openai or offline.");
        RuleFor(x => x.BaseUrl).NotEmpty().WithMessage("Enter the endpoint's base URL, including /v1.")
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage("Use an absolute http(s) URL such as https://api.openai.com/v1.")
            .When(x => x.Provider == ModelProviders.OpenAi);
        RuleFor(x => x.ModelName).NotEmpty().WithMessage("Enter the upstream's model name, e.g. gpt-4o-mini.").When(x => x.Provider == ModelProviders.OpenAi);
        RuleFor(x => x.ContextWindow).InclusiveBetween(512, 10_000_000).WithMessage("Between 512 and 10000000 tokens.");
        RuleFor(x => x.ApiKey).MaximumLength(4096);
    }
}
