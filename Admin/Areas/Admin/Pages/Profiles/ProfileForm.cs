using System.Globalization;
using ChatWidget.Admin.Configuration;
using FluentValidation;

namespace ChatWidget.Admin.Areas.Admin.Pages.Profiles;

/// <summary>The profile edit form: every field of the contract, starters one per line, knowledge as rows.</summary>
public sealed class ProfileForm : IVersionedForm
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Instructions { get; set; }
    public string Model { get; set; } = "";
    public float Temperature { get; set; } = 0.3f;
    public int MaxOutputTokens { get; set; } = 512;
    public string? Greeting { get; set; }
    public string? Starters { get; set; }
    public string Accent { get; set; } = ProfileTheme.Default.Accent;
    public string? Locale { get; set; }
    public string? Disclaimer { get; set; }
    public int MaxMessageChars { get; set; } = InputLimits.Default.MaxMessageChars;
    public int MaxMessages { get; set; } = InputLimits.Default.MaxMessages;
    public int MaxTotalChars { get; set; } = InputLimits.Default.MaxTotalChars;
    public List<KnowledgeRow> Knowledge { get; set; } = [];

    /// <summary>Ids of the knowledge bases the profile answers from (checkboxes of the published ones).</summary>
    public List<string> KnowledgeBases { get; set; } = [];
    public int KnowledgeMaxTokens { get; set; } = GroundingSettings.DefaultMaxTokens;
    public bool OnlyFromSources { get; set; }
    public string? EmbeddingModel { get; set; }

    /// <summary>The <see cref="ProfileStamp"/> of what the form was filled from.</summary>
    public string? RowVersion { get; set; }

    public IEnumerable<string> StarterLines() =>
        (Starters ?? "").Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0);

    public ProfileDocument ToDocument() => new()
    {
        Title = Title.Trim(),
        Instructions = Instructions ?? "",
        Model = Model,
        Temperature = Temperature,
        MaxOutputTokens = MaxOutputTokens,
        Greeting = string.IsNullOrWhiteSpace(Greeting) ? null : Greeting.Trim(),
        Starters = StarterLines().ToArray(),
        Accent = Accent.Trim().ToLowerInvariant(),
        Locale = string.IsNullOrWhiteSpace(Locale) ? null : Locale.Trim(),
        Disclaimer = string.IsNullOrWhiteSpace(Disclaimer) ? null : Disclaimer.Trim(),
        MaxMessageChars = MaxMessageChars,
        MaxMessages = MaxMessages,
        MaxTotalChars = MaxTotalChars,
        Knowledge = Knowledge.Where(k => !k.IsBlank).Select(k => new KnowledgeEntry(k.Q!.Trim(), k.A!.Trim())).ToArray(),
        KnowledgeBases = KnowledgeBases.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct(StringComparer.Ordinal).ToArray(),
        KnowledgeMaxTokens = KnowledgeMaxTokens,
        OnlyFromSources = OnlyFromSources,
        EmbeddingModel = string.IsNullOrWhiteSpace(EmbeddingModel) ? null : EmbeddingModel,
    };

    public static ProfileForm From(string id, ProfileDocument document, string stamp) => new()
    {
        Id = id,
        RowVersion = stamp,
        Title = document.Title,
        Instructions = document.Instructions,
        Model = document.Model,
        Temperature = document.Temperature,
        MaxOutputTokens = document.MaxOutputTokens,
        Greeting = document.Greeting,
        Starters = string.Join("\n", document.Starters),
        Accent = document.Accent,
        Locale = document.Locale,
        Disclaimer = document.Disclaimer,
        MaxMessageChars = document.MaxMessageChars,
        MaxMessages = document.MaxMessages,
        MaxTotalChars = document.MaxTotalChars,
        Knowledge = document.Knowledge.Select(k => new KnowledgeRow { Q = k.Question, A = k.Answer }).ToList(),
        KnowledgeBases = document.KnowledgeBases.ToList(),
        KnowledgeMaxTokens = document.KnowledgeMaxTokens,
        OnlyFromSources = document.OnlyFromSources,
        EmbeddingModel = document.EmbeddingModel,
    };

    /// <summary>Room to add entries without script: three blank rows below the existing ones.</summary>
    public void PadKnowledge()
    {
        while (Knowledge.Count(k => k.IsBlank) < 3) Knowledge.Add(new KnowledgeRow());
    }

    public string TemperatureText => Temperature.ToString(CultureInfo.InvariantCulture);
}

public sealed class KnowledgeRow
{
    public string? Q { get; set; }
    public string? A { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(A);

    public override string ToString() => IsBlank ? "" : $"{Q?.Trim()} → {A?.Trim()}";
}

public sealed class ProfileFormValidator : AbstractValidator<ProfileForm>
{
    public ProfileFormValidator()
    {
        RuleFor(x => x.Id).Matches("^[a-z0-9][a-z0-9._-]{0,63}$")
            .WithMessage("Use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        RuleFor(x => x.Title).NotEmpty().WithMessage("Give the profile a title.").MaximumLength(200);
        RuleFor(x => x.Instructions).MaximumLength(20000);
        RuleFor(x => x.Model).NotEmpty().WithMessage("Choose a model.");
        RuleFor(x => x.Temperature).InclusiveBetween(0f, 2f).WithMessage("Temperature must be between 0 and 2.");
        RuleFor(x => x.MaxOutputTokens).InclusiveBetween(1, 65536).WithMessage("Max output tokens must be between 1 and 65536.");
        RuleFor(x => x.Greeting).MaximumLength(1000);
        RuleFor(x => x.Starters).Must(s => (s ?? "").Split('\n').Count(l => l.Trim().Length > 0) <= 10)
            .WithMessage("At most 10 starter prompts.")
            .Must(s => (s ?? "").Split('\n').All(l => l.Trim().Length <= 200)).WithMessage("Each starter prompt must be at most 200 characters.");
        RuleFor(x => x.Accent).Matches("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$").WithMessage("Use a colour like #0a66c2 or #06c.");
        RuleFor(x => x.Locale).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").When(x => !string.IsNullOrWhiteSpace(x.Locale))
            .WithMessage("Use a language tag such as en or pt-BR.");
        RuleFor(x => x.Disclaimer).MaximumLength(1000);
        RuleFor(x => x.MaxMessageChars).InclusiveBetween(1, 100000).WithMessage("Between 1 and 100000 characters.");
        RuleFor(x => x.MaxMessages).InclusiveBetween(1, 1000).WithMessage("Between 1 and 1000 messages.");
        RuleFor(x => x.MaxTotalChars).InclusiveBetween(1, 2000000).WithMessage("Between 1 and 2000000 characters.")
            .GreaterThanOrEqualTo(x => x.MaxMessageChars).WithMessage("Must be at least the per-message limit.");
        RuleFor(x => x.KnowledgeMaxTokens).InclusiveBetween(ProfileDocument.MinKnowledgeMaxTokens, ProfileDocument.MaxKnowledgeMaxTokens)
            .WithMessage($"Between {ProfileDocument.MinKnowledgeMaxTokens} and {ProfileDocument.MaxKnowledgeMaxTokens} tokens.");
        RuleFor(x => x.KnowledgeBases).Must(k => k.Count <= 20).WithMessage("At most 20 knowledge bases.");
        RuleForEach(x => x.Knowledge).ChildRules(row =>
        {
            row.RuleFor(k => k.Q).NotEmpty().When(k => !k.IsBlank).WithMessage("Write the question, or clear both fields.");
            row.RuleFor(k => k.A).NotEmpty().When(k => !k.IsBlank).WithMessage("Write the answer, or clear both fields.");
        });
    }
}
