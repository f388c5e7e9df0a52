using FluentValidation;

namespace ChatWidget.Admin.Configuration;

internal sealed partial class SeedFileValidator
{
    private sealed class ProfileValidator : AbstractValidator<SeedProfile>
    {
        public ProfileValidator(IReadOnlySet<string> knownModels, IReadOnlySet<string> knowledgeBases, IReadOnlyDictionary<string, string?> providers)
        {
            IdRules(this, p => p.Id);
            RuleFor(p => p.Title).NotEmpty().WithMessage("is required").MaximumLength(200).WithMessage("must be at most 200 characters");
            RuleFor(p => p.Model).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("is required")
                .Must(id => knownModels.Contains(id!))
                .WithMessage((_, model) => $"\"{model}\" is not a model in the seed file or the database");
            RuleFor(p => p.FallbackModels).Must(f => f!.Count <= 5).WithMessage("must list at most 5 models").When(p => p.FallbackModels is not null);
            RuleForEach(p => p.FallbackModels).Must(id => id is not null && knownModels.Contains(id))
                .WithMessage((_, model) => $"\"{model}\" is not a model in the seed file or the database");
            RuleFor(p => p.Temperature).InclusiveBetween(0f, 2f)
                .WithMessage((_, value) => $"must be between 0 and 2 (was {value})");
            RuleFor(p => p.MaxOutputTokens).InclusiveBetween(1, 1_000_000)
                .WithMessage((_, value) => $"must be between 1 and 1000000 (was {value})");
            RuleFor(p => p.Greeting).MaximumLength(1000).WithMessage("must be at most 1000 characters");
            RuleFor(p => p.Disclaimer).MaximumLength(2000).WithMessage("must be at most 2000 characters");
            RuleFor(p => p.Starters).Must(s => s!.Count <= 10).WithMessage("must list at most 10 starters").When(p => p.Starters is not null);
            RuleForEach(p => p.Starters).NotEmpty().WithMessage("must not be empty").MaximumLength(200).WithMessage("must be at most 200 characters");
            RuleFor(p => p.Theme!.Accent).Must(a => ColourPattern().IsMatch(a!))
                .WithMessage((_, accent) => $"\"{accent}\" is not a colour like #0a66c2")
                .When(p => p.Theme?.Accent is not null);
            RuleFor(p => p.Locale).Must(l => LanguageTagPattern().IsMatch(l!))
                .WithMessage((_, locale) => $"\"{locale}\" is not a language tag like en or pt-BR")
                .When(p => p.Locale is not null);
            RuleFor(p => p.Limits!.MaxMessageChars).GreaterThan(0).WithMessage("must be greater than 0").When(p => p.Limits is not null);
            RuleFor(p => p.Limits!.MaxMessages).GreaterThan(0).WithMessage("must be greater than 0").When(p => p.Limits is not null);
            RuleFor(p => p.Limits!.MaxTotalChars).GreaterThan(0).WithMessage("must be greater than 0").When(p => p.Limits is not null);
            RuleFor(p => p.Limits!.MaxTotalChars)
                .Must((p, total) => total >= (p.Limits!.MaxMessageChars ?? InputLimits.Default.MaxMessageChars))
                .WithMessage("must be at least maxMessageChars")
                .When(p => p.Limits is not null && (p.Limits.MaxTotalChars ?? 0) > 0);
            KnowledgeRules(this, knowledgeBases, providers);
        }
    }

    private sealed class LtiValidator : AbstractValidator<SeedLti>
    {
        private const int MaxIdLength = 255;

        public LtiValidator(SeedPlatform platform)
        {
            RuleFor(l => l.ClientId).NotEmpty().WithMessage("is required: the client id the platform gave ChatWidget");
            RuleFor(l => l.ClientId).MaximumLength(MaxIdLength).WithMessage($"must be at most {MaxIdLength} characters");
            RuleFor(l => l.DeploymentIds).NotEmpty().WithMessage("must list at least one deployment id the platform shows for the tool");
            RuleForEach(l => l.DeploymentIds).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("must not be empty")
                .MaximumLength(MaxIdLength).WithMessage($"must be at most {MaxIdLength} characters");
            RuleFor(l => l.AuthorizationUrl).NotEmpty().WithMessage("is required: the platform's OIDC authorization endpoint");
            RuleFor(l => l.AuthorizationUrl).Must(url => IsHttpUrl(url, requireHttpsUnlessLoopback: true))
                .WithMessage("must be an absolute https URL (http only on loopback)")
                .When(l => !string.IsNullOrEmpty(l.AuthorizationUrl));
            RuleFor(l => l).Custom((lti, context) =>
            {
                foreach (var (role, profile) in lti.RoleProfiles ?? [])
                {
                    var path = $"roleProfiles[\"{role}\"]";
                    if (string.IsNullOrWhiteSpace(role)) context.AddFailure("roleProfiles", "a role must not be empty");
                    else if (string.IsNullOrEmpty(profile)) context.AddFailure(path, "must name a profile id");
                    else if (platform.Profiles?.Contains(profile) != true && platform.DefaultProfile != profile)
                        context.AddFailure(path, $"\"{profile}\" is not in this platform's profiles");
                }
            });
        }
    }
}
