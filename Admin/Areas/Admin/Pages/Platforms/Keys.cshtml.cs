using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>Key rotation: several keys told apart by kid. Every change bumps the platform's generation.</summary>
public sealed class KeysModel(IDbContextFactory<ConfigurationDbContext> contextFactory, ConfigurationSecretProtector secrets) : AdminPageModel
{
    public StoredPlatform Platform { get; private set; } = null!;
    public string? GeneratedSecret { get; private set; }

    /// <summary>What was typed into the form that was posted, shown again when the change is refused.</summary>
    public TypedKey? Typed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.Platforms.AsNoTracking().Include(p => p.Keys).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound();
        Platform = platform;
        return Page();
    }

    public Task<IActionResult> OnPostAddPemAsync(string id, string? rowVersion, string? kid, string? pem, CancellationToken cancellationToken) =>
        ChangeAsync(id, rowVersion, new TypedKey("add-pem", null, kid, pem), "platform.key-add", cancellationToken, platform =>
        {
            if (string.IsNullOrWhiteSpace(pem)) return "Paste a public key PEM.";
            if (PlatformChanges.PemProblem(pem) is { } problem) return problem;
            platform.Keys.Add(new StoredPlatformKey { PlatformId = id, Kid = Blank(kid), PublicKeyPem = pem.Trim(), Position = NextPosition(platform) });
            return null;
        });

    public Task<IActionResult> OnPostGenerateAsync(string id, string? rowVersion, string? kid, CancellationToken cancellationToken) =>
        ChangeAsync(id, rowVersion, new TypedKey("generate-secret", null, kid, null), "platform.key-generate", cancellationToken, platform =>
        {
            GeneratedSecret = PlatformChanges.NewSharedSecret();
            platform.Keys.Add(new StoredPlatformKey { PlatformId = id, Kid = Blank(kid), ProtectedSharedSecret = secrets.Protect(GeneratedSecret), Position = NextPosition(platform) });
            if (!platform.Algorithms.Contains("HS256")) platform.Algorithms = [.. platform.Algorithms, "HS256"];
            return null;
        });

    public Task<IActionResult> OnPostKidAsync(string id, string? rowVersion, int keyId, string? kid, CancellationToken cancellationToken) =>
        ChangeAsync(id, rowVersion, new TypedKey("set-kid", keyId, kid, null), "platform.key-kid", cancellationToken, platform =>
        {
            var key = platform.Keys.SingleOrDefault(k => k.Id == keyId);
            if (key is null) return "That key no longer exists.";
            key.Kid = Blank(kid);
            return null;
        });

    public Task<IActionResult> OnPostRemoveAsync(string id, string? rowVersion, int keyId, CancellationToken cancellationToken) =>
        ChangeAsync(id, rowVersion, null, "platform.key-remove", cancellationToken, platform =>
        {
            var key = platform.Keys.SingleOrDefault(k => k.Id == keyId);
            if (key is null) return "That key no longer exists.";
            platform.Keys.Remove(key);
            return null;
        });

    /// <summary>
    /// One change of the key list, based on the list as the page showed it (<paramref name="rowVersion"/>, the platform's):
    /// refused, with the list as it is now, when someone else changed the platform or its keys in the meantime.
    /// </summary>
    private async Task<IActionResult> ChangeAsync(string id, string? rowVersion, TypedKey? typed, string action, CancellationToken cancellationToken,
        Func<StoredPlatform, string?> change)
    {
        Typed = typed;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.Platforms.Include(p => p.Keys).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound();
        if (!platform.Matches(rowVersion)) return await RefuseStaleAsync(id, cancellationToken);
        var before = PlatformChanges.AuditView(platform);
        var error = change(platform);
        if (error is null && platform.Keys.Count > 1 && platform.Keys.Any(k => k.Kid is null))
            error = "With more than one key every key needs a kid: give the existing key a kid first (and have the platform send it).";
        if (error is null && platform.Keys.GroupBy(k => k.Kid).Any(g => g.Key is not null && g.Count() > 1))
            error = "Another key already has that kid.";
        error ??= PlatformChanges.MissingKeys(platform.Algorithms, platform.Keys, platform.JwksUrl);
        if (error is not null)
        {
            ModelState.AddModelError(string.Empty, error);
            GeneratedSecret = null;
            return await OnGetAsync(id, cancellationToken);
        }

        platform.Generation++;
        platform.FromSeed = false;
        AuditTrail.Record(db, Actor, action, "platform", id, before, PlatformChanges.AuditView(platform));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(id, cancellationToken);
        Typed = null;
        if (GeneratedSecret is not null)
        {
            var secret = GeneratedSecret;
            await OnGetAsync(id, cancellationToken);
            GeneratedSecret = secret;
            return Page();
        }

        return Done("Keys updated; the platform's live sessions end at their next request.", "Keys", new { id });
    }

    private async Task<IActionResult> RefuseStaleAsync(string id, CancellationToken cancellationToken)
    {
        GeneratedSecret = null;
        RefuseStale($"the keys of platform {id}");
        return await OnGetAsync(id, cancellationToken);
    }

    private static int NextPosition(StoredPlatform platform) => platform.Keys.Count == 0 ? 0 : platform.Keys.Max(k => k.Position) + 1;
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The values of one posted key form: which form (its id), the key it was about, and the kid and PEM typed.</summary>
public sealed record TypedKey(string Form, int? KeyId, string? Kid, string? Pem)
{
    public string? KidFor(string form, int? keyId = null) => Form == form && KeyId == keyId ? Kid : null;
}
