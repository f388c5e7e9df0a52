using ChatWidget.Admin.Configuration.Knowledge;
using FluentValidation;

namespace ChatWidget.Admin.Configuration;

// Knowledge in the seed file: the top-level knowledgeBases and a profile's knowledge (list or object form). Whether a
// document's file can be read is checked by SeedKnowledgeFiles, which knows the seed file's directory.
internal sealed partial class SeedFileValidator
{
    private static Dictionary<string, string?> ProvidersOf(ExistingConfiguration existing, SeedFileDocument file)
    {
        var providers = existing.ModelProviders.ToDictionary(m => m.Key, m => (string?)m.Value, StringComparer.Ordinal);
        foreach (var model in file.Models ?? [])
        {
            if (!string.IsNullOrEmpty(model?.Id)) providers[model.Id] = model.Provider;
        }

        return providers;
    }

    private static void EntryRules(InlineValidator<SeedKnowledgeEntry> entry)
    {
        entry.RuleFor(k => k.Q).NotEmpty().WithMessage("is required");
        entry.RuleFor(k => k.A).NotEmpty().WithMessage("is required");
    }

    private static void KnowledgeRules(AbstractValidator<SeedProfile> profile, IReadOnlySet<string> knowledgeBases, IReadOnlyDictionary<string, string?> providers)
    {
        const string EntryShape = "must be an object like {\"q\": \"...\", \"a\": \"...\"}";
        // The contract's list form keeps its paths (knowledge[0].q); the object form's entries are knowledge.entries[0].q.
        profile.RuleForEach(p => p.Knowledge!.Entries).NotNull().WithMessage(EntryShape).OverridePropertyName("Knowledge").ChildRules(EntryRules)
            .When(p => p.Knowledge is { IsList: true });
        profile.RuleForEach(p => p.Knowledge!.Entries).NotNull().WithMessage(EntryShape).ChildRules(EntryRules)
            .When(p => p.Knowledge is { IsList: false });
        profile.RuleForEach(p => p.Knowledge!.Bases).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("must not be empty")
            .Must(id => knowledgeBases.Contains(id!))
            .WithMessage((_, id) => $"\"{id}\" is not a knowledge base in the seed file or published in the database")
            .When(p => p.Knowledge is { IsList: false });
        profile.RuleFor(p => p.Knowledge!.MaxTokens).InclusiveBetween(ProfileDocument.MinKnowledgeMaxTokens, ProfileDocument.MaxKnowledgeMaxTokens)
            .WithMessage((_, value) => $"must be between {ProfileDocument.MinKnowledgeMaxTokens} and {ProfileDocument.MaxKnowledgeMaxTokens} (was {value})")
            .When(p => p.Knowledge is { IsList: false });
        profile.RuleFor(p => p.Knowledge!.EmbeddingModel).Custom((model, context) =>
        {
            if (string.IsNullOrEmpty(model)) return;
            if (!providers.TryGetValue(model, out var provider)) context.AddFailure($"\"{model}\" is not a model in the seed file or the database");
            else if (provider != ModelProviders.OpenAi)
                context.AddFailure($"\"{model}\" is not an openai model; embeddings need an OpenAI-compatible endpoint");
        }).When(p => p.Knowledge is { IsList: false });
    }

    private sealed class KnowledgeBaseValidator : AbstractValidator<SeedKnowledgeBase>
    {
        public KnowledgeBaseValidator()
        {
            IdRules(this, k => k.Id);
            RuleFor(k => k.Title).NotEmpty().WithMessage("is required")
                .MaximumLength(KnowledgeBaseRules.MaxTitleLength).WithMessage($"must be at most {KnowledgeBaseRules.MaxTitleLength} characters");
            RuleFor(k => k.Language).Must(KnowledgeLanguages.IsKnown)
                .WithMessage((_, language) => $"\"{language}\" is not a language; use one of {string.Join(", ", KnowledgeLanguages.All)}")
                .When(k => k.Language is not null);
            RuleForEach(k => k.Documents).NotNull().WithMessage("must be an object like {\"title\": \"...\", \"file\": \"...\"}").ChildRules(document =>
            {
                document.RuleFor(d => d.Title).NotEmpty().WithMessage("is required")
                    .MaximumLength(KnowledgeBaseRules.MaxTitleLength).WithMessage($"must be at most {KnowledgeBaseRules.MaxTitleLength} characters");
                document.RuleFor(d => d.Url).Must(url => KnowledgeBaseRules.IsPublicUrl(url!))
                    .WithMessage("must be an absolute http or https URL").When(d => d.Url is not null);
                document.RuleFor(d => d.File).Must((d, file) => string.IsNullOrEmpty(file) != string.IsNullOrEmpty(d.Text))
                    .WithMessage("give exactly one of file (a path relative to the seed file) or text");
            });
            RuleForEach(k => k.Entries).NotNull().WithMessage("must be an object like {\"q\": \"...\", \"a\": \"...\"}").ChildRules(EntryRules);
        }
    }
}
