using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Checks a whole seed file before anything is written. Every message starts with the field path as written
/// in the JSON (e.g. <c>platforms[1].sharedSecret</c>) and never quotes a secret value.
/// </summary>
internal sealed partial class SeedFileValidator : AbstractValidator<SeedFileDocument>
{
    public const int MinSharedSecretBytes = 32;
    public static readonly IReadOnlyList<string> SupportedAlgorithms = ["RS256", "ES256", "HS256"];

    public SeedFileValidator(ExistingConfiguration existing)
    {
        RuleForEach(f => f.Models).NotNull().WithMessage("must be an object").SetValidator(new ModelValidator());

        RuleForEach(f => f.Profiles).NotNull().WithMessage("must be an object")
            .SetValidator((file, _) => new ProfileValidator(Union(existing.ModelIds, file.Models?.Select(m => m?.Id)),
                Union(existing.PublishedKnowledgeBases, file.KnowledgeBases?.Select(k => k?.Id)), ProvidersOf(existing, file)));

        RuleForEach(f => f.KnowledgeBases).NotNull().WithMessage("must be an object").SetValidator(new KnowledgeBaseValidator());

        RuleForEach(f => f.Platforms).NotNull().WithMessage("must be an object")
            .SetValidator((file, _) => new PlatformValidator(Union(existing.ProfileIds, file.Profiles?.Select(p => p?.Id))));

        RuleFor(f => f.Team!)
            .SetValidator(file => new TeamValidator(Union(existing.ProfileIds, file.Profiles?.Select(p => p?.Id)), existing.TeamHasPassword))
            .When(f => f.Team is not null);

        RuleFor(f => f).Custom((file, context) =>
        {
            ReportDuplicateIds(context, "models", file.Models?.Select(m => m?.Id));
            ReportDuplicateIds(context, "profiles", file.Profiles?.Select(p => p?.Id));
            ReportDuplicateIds(context, "platforms", file.Platforms?.Select(p => p?.Id));
            ReportDuplicateIds(context, "knowledgeBases", file.KnowledgeBases?.Select(k => k?.Id));
            ReportSharedLtiClients(context, file.Platforms, existing.LtiClients);
        });
    }

    /// <summary>Validates and turns failures into "path: message" lines, paths spelled as in the JSON.</summary>
    public IReadOnlyList<string> Check(SeedFileDocument document) =>
        Validate(document).Errors.Select(e => $"{JsonPath(e.PropertyName)}: {e.ErrorMessage}").Distinct().ToArray();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex ColourPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTagPattern();

    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(segment =>
            segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));

    private static HashSet<string> Union(IEnumerable<string> existing, IEnumerable<string?>? fromFile)
    {
        var ids = new HashSet<string>(existing, StringComparer.Ordinal);
        foreach (var id in fromFile ?? [])
        {
            if (!string.IsNullOrEmpty(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static void ReportDuplicateIds(ValidationContext<SeedFileDocument> context, string collection, IEnumerable<string?>? ids)
    {
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var id in ids ?? [])
        {
            if (!string.IsNullOrEmpty(id) && !firstIndex.TryAdd(id, index))
            {
                context.AddFailure($"{collection}[{index}].id", $"\"{id}\" is already used by {collection}[{firstIndex[id]}]");
            }

            index++;
        }
    }

    /// <summary>An LTI login names the issuer and client id; two platforms with the same pair could not be told apart.</summary>
    private static void ReportSharedLtiClients(ValidationContext<SeedFileDocument> context, List<SeedPlatform>? platforms,
        IReadOnlyDictionary<(string Issuer, string ClientId), string> inDatabase)
    {
        var seen = new HashSet<(string?, string?)>();
        for (var i = 0; i < (platforms?.Count ?? 0); i++)
        {
            if (platforms![i] is not { Lti.ClientId: { Length: > 0 } clientId } platform) continue;
            if (!seen.Add((platform.Issuer, clientId)))
                context.AddFailure($"platforms[{i}].lti.clientId", $"another platform has the same issuer and client id \"{clientId}\"");
            else if (platform.Issuer is not null && inDatabase.TryGetValue((platform.Issuer, clientId), out var owner) && owner != platform.Id)
                context.AddFailure($"platforms[{i}].lti.clientId", $"platform \"{owner}\" already has this issuer and client id \"{clientId}\"");
        }
    }

    private static void IdRules<T>(AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string?>> id)
    {
        validator.RuleFor(id).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(value => IdPattern().IsMatch(value!))
            .WithMessage((_, value) => $"\"{value}\" is not a valid id; use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    private static bool IsHttpUrl(string? value, bool requireHttpsUnlessLoopback = false) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (!requireHttpsUnlessLoopback || uri.IsLoopback)));

    private sealed class ModelValidator : AbstractValidator<SeedModel>
    {
        public ModelValidator()
        {
            IdRules(this, m => m.Id);
            RuleFor(m => m.Provider).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("is required; use openai or offline")
                .Must(p => p is ModelProviders.OpenAi or ModelProviders.Offline)
                .WithMessage((_, p) => $"\"{p}\" is not a provider; use openai or offline");
            RuleFor(m => m.BaseUrl).NotEmpty().WithMessage("is required for provider openai")
                .When(m => m.Provider == ModelProviders.OpenAi);
            RuleFor(m => m.BaseUrl).Must(url => IsHttpUrl(url))
                .WithMessage("must be an absolute http or https URL including /v1")
                .When(m => !string.IsNullOrEmpty(m.BaseUrl));
            RuleFor(m => m.Model).NotEmpty().WithMessage("is required for provider openai")
                .When(m => m.Provider == ModelProviders.OpenAi);
            RuleFor(m => m.ContextWindow).InclusiveBetween(256, 10_000_000)
                .WithMessage((_, value) => $"must be between 256 and 10000000 (was {value})");
        }
    }

    private sealed class PlatformValidator : AbstractValidator<SeedPlatform>
    {
        public PlatformValidator(IReadOnlySet<string> knownProfiles)
        {
            IdRules(this, p => p.Id);
            RuleFor(p => p.Id).NotEqual(TeamAccessSettings.PlatformId)
                .WithMessage("\"team\" is reserved for team sessions; choose another platform id");
            RuleFor(p => p.Issuer).NotEmpty().WithMessage("is required");
            RuleFor(p => p.Audience).NotEmpty().WithMessage("must not be empty; leave it out for the default \"chatwidget\"")
                .When(p => p.Audience is not null);
            RuleFor(p => p.Algorithms).NotEmpty().WithMessage("must list at least one of RS256, ES256 or HS256");
            RuleForEach(p => p.Algorithms).Must(a => SupportedAlgorithms.Contains(a!))
                .WithMessage((_, a) => $"\"{a}\" is not supported; use RS256, ES256 or HS256");
            RuleFor(p => p.JwksUrl).Must(url => IsHttpUrl(url, requireHttpsUnlessLoopback: true))
                .WithMessage("must be an absolute https URL (http only on loopback)")
                .When(p => !string.IsNullOrEmpty(p.JwksUrl));
            RuleFor(p => p.AllowedOrigins).NotEmpty().WithMessage("must list at least one origin like https://lms.example.edu");
            RuleForEach(p => p.AllowedOrigins).Must(o => OriginRules.TryNormalize(o, out _))
                .WithMessage((_, o) => $"\"{o}\" is not an origin of the form scheme://host[:port] without path");
            RuleFor(p => p.Profiles).NotEmpty().WithMessage("must list at least one profile id");
            RuleForEach(p => p.Profiles).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("must not be empty")
                .Must(id => knownProfiles.Contains(id!)).WithMessage((_, id) => $"\"{id}\" is not a profile in the seed file or the database");
            RuleFor(p => p.DefaultProfile).NotEmpty().WithMessage("is required when a platform lists more than one profile")
                .When(p => p.Profiles is not { Count: 1 });
            RuleFor(p => p.DefaultProfile).Must((p, d) => p.Profiles?.Contains(d) == true)
                .WithMessage((_, d) => $"\"{d}\" is not in this platform's profiles")
                .When(p => !string.IsNullOrEmpty(p.DefaultProfile));
            RuleFor(p => p.MaxTokenLifetimeSeconds).InclusiveBetween(10, 3600)
                .WithMessage((_, value) => $"must be between 10 and 3600 (was {value})");
            RuleFor(p => p).Custom(CheckKeys);
            RuleFor(p => p.Lti!).SetValidator(p => new LtiValidator(p)).When(p => p.Lti is not null);
            // LTI platforms sign id_tokens with their private key; a shared secret is never an LTI key.
            RuleFor(p => p.Algorithms).Must(a => a!.Any(x => x is "RS256" or "ES256"))
                .WithMessage("an LTI platform signs id_tokens with RS256 or ES256: list one of them")
                .When(p => p.Lti is not null && p.Algorithms is { Count: > 0 });
        }

        private static void CheckKeys(SeedPlatform platform, ValidationContext<SeedPlatform> context)
        {
            var keys = platform.AllKeys().ToList();
            var kinds = new List<PublicKeyKind>();
            var kids = new HashSet<string>(StringComparer.Ordinal);
            var hasSecret = false;

            for (var i = 0; i < (platform.Keys?.Count ?? 0); i++)
            {
                if (platform.Keys![i] is null)
                {
                    context.AddFailure($"keys[{i}]", "must be an object like {\"kid\": \"...\", \"publicKeyPem\": \"...\"}");
                }
            }

            foreach (var (key, path) in keys)
            {
                var isListed = path.StartsWith("keys[", StringComparison.Ordinal);
                var hasPem = !string.IsNullOrEmpty(key.PublicKeyPem);
                var secret = key.SharedSecret;
                if (isListed && hasPem == !string.IsNullOrEmpty(secret))
                {
                    context.AddFailure(path, "give exactly one of publicKeyPem or sharedSecret");
                }

                var pemPath = isListed ? $"{path}.publicKeyPem" : path;
                if (hasPem)
                {
                    var kind = PublicKeyPem.Inspect(key.PublicKeyPem!);
                    kinds.Add(kind);
                    var problem = kind switch
                    {
                        PublicKeyKind.Unreadable => "is not a PEM public key (-----BEGIN PUBLIC KEY-----) that can be read as RSA or EC",
                        PublicKeyKind.PrivateKey => "holds a private key; register only the public key",
                        PublicKeyKind.EcOtherCurve => "is an EC key on a curve other than P-256; ES256 needs P-256",
                        _ => null,
                    };
                    if (problem is not null)
                    {
                        // The key is deliberately not quoted: a misplaced private key must not reach a log.
                        context.AddFailure(pemPath, problem);
                    }
                }

                var secretPath = isListed ? $"{path}.sharedSecret" : path;
                if (!string.IsNullOrEmpty(secret))
                {
                    hasSecret = true;
                    if (Encoding.UTF8.GetByteCount(secret) < MinSharedSecretBytes)
                    {
                        context.AddFailure(secretPath, $"HS256 secrets must be at least 256 bits ({MinSharedSecretBytes} bytes)");
                    }
                }

                if (key.Kid is not null)
                {
                    if (string.IsNullOrWhiteSpace(key.Kid))
                    {
                        context.AddFailure($"{path}.kid", "must not be empty");
                    }
                    else if (!kids.Add(key.Kid))
                    {
                        context.AddFailure($"{path}.kid", $"\"{key.Kid}\" is used by another key of this platform");
                    }
                }
                else if (keys.Count > 1)
                {
                    context.AddFailure(isListed ? $"{path}.kid" : path,
                        "a kid is required when a platform has more than one key; list them in keys: [{\"kid\": ..., ...}]");
                }
            }

            var algorithms = platform.Algorithms ?? [];
            var hasJwks = !string.IsNullOrEmpty(platform.JwksUrl);
            if (algorithms.Contains("RS256") && !hasJwks && !kinds.Contains(PublicKeyKind.Rsa))
            {
                context.AddFailure("algorithms", "RS256 is listed but there is neither an RSA publicKeyPem nor a jwksUrl");
            }

            if (algorithms.Contains("ES256") && !hasJwks && !kinds.Contains(PublicKeyKind.EcP256))
            {
                context.AddFailure("algorithms", "ES256 is listed but there is neither a P-256 EC publicKeyPem nor a jwksUrl");
            }

            if (algorithms.Contains("HS256") && !hasSecret)
            {
                context.AddFailure("algorithms", "HS256 is listed but there is no sharedSecret");
            }
        }
    }

    private sealed class TeamValidator : AbstractValidator<SeedTeam>
    {
        public const int MinPasswordLength = 12;

        public TeamValidator(IReadOnlySet<string> knownProfiles, bool existingPassword)
        {
            RuleFor(t => t.Password).NotEmpty().WithMessage("is required when team access is enabled")
                .When(t => t.Enabled != false && !existingPassword);
            RuleFor(t => t.Password).MinimumLength(MinPasswordLength).WithMessage($"must be at least {MinPasswordLength} characters")
                .When(t => !string.IsNullOrEmpty(t.Password));
            RuleFor(t => t.Profile).NotEmpty().WithMessage("is required when team access is enabled")
                .When(t => t.Enabled != false);
            RuleFor(t => t.Profile).Must(id => knownProfiles.Contains(id!))
                .WithMessage((_, id) => $"\"{id}\" is not a profile in the seed file or the database")
                .When(t => !string.IsNullOrEmpty(t.Profile));
        }
    }
}
