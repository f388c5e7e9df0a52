using ChatWidget.Admin.Configuration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages.Platforms;

/// <summary>Key rotation: several keys told apart by kid. Every change bumps the platform's generation.</summary>
public sealed class KeysModel(IDbContextFactory<ConfigurationDbContext> contextFactory, ConfigurationSecretProtector secrets) : AdminPageModel
{
    public StoredPlatform Platform { get; private set; } = null!;
    public string? GeneratedSecret { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.Platforms.AsNoTracking().Include(p => p.Keys).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound();
        Platform = platform;
        return Page();
    }

    public Task<IActionResult> OnPostAddPemAsync(string id, string? kid, string? pem, CancellationToken cancellationToken) =>
        ChangeAsync(id, "platform.key-add", cancellationToken, platform =>
        {
            if (string.IsNullOrWhiteSpace(pem)) return "Paste a public key PEM.";
            if (PlatformChanges.PemProblem(pem) is { } problem) return problem;
            platform.Keys.Add(new StoredPlatformKey { PlatformId = id, Kid = Blank(kid), PublicKeyPem = pem.Trim(), Position = NextPosition(platform) });
            return null;
        });

    public Task<IActionResult> OnPostGenerateAsync(string id, string? kid, CancellationToken cancellationToken) =>
        ChangeAsync(id, "platform.key-generate", cancellationToken, platform =>
        {
            GeneratedSecret = PlatformChanges.NewSharedSecret();
            platform.Keys.Add(new StoredPlatformKey { PlatformId = id, Kid = Blank(kid), ProtectedSharedSecret = secrets.Protect(GeneratedSecret), Position = NextPosition(platform) });
            if (!platform.Algorithms.Contains("HS256")) platform.Algorithms = [.. platform.Algorithms, "HS256"];
            return null;
        });

    public Task<IActionResult> OnPostKidAsync(string id, int keyId, string? kid, CancellationToken cancellationToken) =>
        ChangeAsync(id, "platform.key-kid", cancellationToken, platform =>
        {
            var key = platform.Keys.SingleOrDefault(k => k.Id == keyId);
            if (key is null) return "That key no longer exists.";
            key.Kid = Blank(kid);
            return null;
        });

    public Task<IActionResult> OnPostRemoveAsync(string id, int keyId, CancellationToken cancellationToken) =>
        ChangeAsync(id, "platform.key-remove", cancellationToken, platform =>
        {
            var key = platform.Keys.SingleOrDefault(k => k.Id == keyId);
            if (key is null) return "That key no longer exists.";
            platform.Keys.Remove(key);
            return null;
        });

    private async Task<IActionResult> ChangeAsync(string id, string action, CancellationToken cancellationToken, Func<StoredPlatform, string?> change)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.Platforms.Include(p => p.Keys).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound();
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
        await db.SaveChangesAsync(cancellationToken);
        if (GeneratedSecret is not null)
        {
            var secret = GeneratedSecret;
            await OnGetAsync(id, cancellationToken);
            GeneratedSecret = secret;
            return Page();
        }

        return Done("Keys updated; the platform's live sessions end at their next request.", "Keys", new { id });
    }

    private static int NextPosition(StoredPlatform platform) => platform.Keys.Count == 0 ? 0 : platform.Keys.Max(k => k.Position) + 1;
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
