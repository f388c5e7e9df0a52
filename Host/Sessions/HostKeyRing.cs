using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Host's own secrets: the ES256 keys that sign access tokens, the RS256 keys of the LTI tool (published at
/// <c>/lti/jwks</c>), and the key that hashes learner ids, generated on first start and kept encrypted with Data Protection in an <see cref="IHostKeyRingStore"/> (a file with SQLite, the shared
/// database with PostgreSQL).
/// <para>
/// Rotation with several instances: a rotated key is accepted for validation by every instance as soon as that instance
/// has loaded it, but it becomes the signing key only <see cref="ActivationDelay"/> after the rotation. Every instance
/// reloads at least every <see cref="HostKeyRingRefresher.ReloadInterval"/>, so by the time any instance signs with the
/// new key, all of them accept it. The previous key keeps signing until then, and stays valid for validation for one
/// access-token lifetime (plus clock skew) after that, so tokens already handed out keep working until they expire.
/// </para>
/// </summary>
public sealed class HostKeyRing
{
    /// <summary>
    /// How long after a rotation the new key starts signing: three reload intervals (90 s), so that an instance that
    /// misses one reload (a database hiccup) or whose clock runs a little behind still has the key before it is used.
    /// </summary>
    public static readonly TimeSpan ActivationDelay = 3 * HostKeyRingRefresher.ReloadInterval;

    private const string ProtectorPurpose = "ChatWidget.HostKeyRing.v1";
    private const int RotationAttempts = 5;
    private readonly IHostKeyRingStore _store;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly SessionOptions _options;
    private readonly ILogger<HostKeyRing> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile LoadedRing? _ring;

    public HostKeyRing(IHostKeyRingStore store, IDataProtectionProvider dataProtection, TimeProvider time,
        IOptions<SessionOptions> options, ILogger<HostKeyRing> logger)
    {
        _store = store;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The key new access tokens are signed with now: the newest key whose activation time has come.</summary>
    public SigningCredentials SigningCredentials => Ring.SigningKeyAt(_time.GetUtcNow());

    /// <summary>Every key an access token may be signed with: the signing one, those retired recently, and any not yet active.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys => Ring.ValidationKeys;

    /// <summary>The HMAC key for learner-id hashes. Stable across restarts and shared by all instances, so a learner's hash is too.</summary>
    public ReadOnlySpan<byte> LearnerHashKey => Ring.LearnerHashKey;

    public string CurrentKeyId => SigningCredentials.Key.KeyId;

    /// <summary>The LTI tool's public keys: the current one, those retired recently, and any not yet active (LTI platforms fetch them).</summary>
    public IReadOnlyList<ToolPublicKey> LtiPublicKeys => Ring.LtiPublicKeys;

    // HostKeyRingRefresher loads the ring before the server listens, so a request never waits for the store.
    private LoadedRing Ring => _ring ?? throw new InvalidOperationException(
        "Host's key ring is not loaded yet: HostKeyRingRefresher loads it when the host starts (call ReloadAsync first when the host is not started).");

    /// <summary>
    /// Reads the stored ring and starts using it if it changed (a rotation by the CLI or another instance); stores a
    /// new ring if there is none yet. Called at start, periodically, and whenever a rotation is announced.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var record = await _store.ReadAsync(cancellationToken) ?? await CreateAsync(cancellationToken);
            if (_ring?.Revision == record.Revision) return;
            if (Unprotect(record).LtiKeys is not { Count: > 0 })
            {
                // A ring from before LTI: add the tool's first key (another instance doing the same at once wins, we reread).
                record = await AddKeyAsync(HostKeyPurpose.LtiTool, immediately: true, cancellationToken) is var (_, written) ? written : record;
            }

            _ring = Load(record);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Adds a fresh signing key that signs from <see cref="ActivationDelay"/> from now; until then the current key keeps
    /// signing. Keys whose tokens have all expired are dropped.
    /// </summary>
    public Task<RotatedSigningKey> RotateAsync(CancellationToken cancellationToken) => RotateAsync(HostKeyPurpose.AccessTokens, cancellationToken);

    /// <summary>Adds a fresh LTI tool key, published at once and current from <see cref="ActivationDelay"/> from now.</summary>
    public Task<RotatedSigningKey> RotateLtiAsync(CancellationToken cancellationToken) => RotateAsync(HostKeyPurpose.LtiTool, cancellationToken);

    private async Task<RotatedSigningKey> RotateAsync(HostKeyPurpose purpose, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (rotated, written) = await AddKeyAsync(purpose, immediately: false, cancellationToken);
            _ring = Load(written);
            _logger.LogInformation("{Purpose} key rotated; new key id {KeyId} signs from {SignsFrom:O}",
                purpose == HostKeyPurpose.AccessTokens ? "Access-token signing" : "LTI tool", rotated.KeyId, rotated.SignsFrom);
            return rotated;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the stored ring plus a new key for <paramref name="purpose"/>, replacing exactly the revision it read.</summary>
    private async Task<(RotatedSigningKey Key, HostKeyRingRecord Written)> AddKeyAsync(HostKeyPurpose purpose, bool immediately,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = await _store.ReadAsync(cancellationToken) ?? await CreateAsync(cancellationToken);
            var stored = Unprotect(record);
            var now = _time.GetUtcNow();
            var keys = purpose == HostKeyPurpose.AccessTokens ? stored.SigningKeys : stored.LtiKeys ?? [];
            if (immediately && keys.Count > 0) return (new RotatedSigningKey(keys[^1].Kid, keys[^1].SignsFrom), record);

            // Never before a key added by an earlier rotation, so the order of rotations is the order of signing.
            var newest = keys.Count == 0 ? now : keys.Max(k => k.SignsFrom);
            var signsFrom = immediately ? now : now + ActivationDelay > newest ? now + ActivationDelay : newest;
            var key = NewKey(purpose, now, signsFrom);
            var updated = purpose == HostKeyPurpose.AccessTokens
                ? stored with { SigningKeys = Prune([.. keys, key], now) }
                : stored with { LtiKeys = Prune([.. keys, key], now) };
            if (await _store.TryReplaceAsync(record, Protect(updated), cancellationToken) is { } written)
                return (new RotatedSigningKey(key.Kid, signsFrom), written);

            // Another process rotated between the read and the write: start again from its ring, keeping its key.
            if (attempt == RotationAttempts)
            {
                throw new InvalidOperationException($"{_store.Location} kept changing during the rotation; try again.");
            }
        }
    }

    private async Task<HostKeyRingRecord> CreateAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var ring = new StoredRing([NewKey(HostKeyPurpose.AccessTokens, now, now)], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [NewKey(HostKeyPurpose.LtiTool, now, now)]);
        if (await _store.TryCreateAsync(Protect(ring), cancellationToken) is { } created)
        {
            _logger.LogInformation("Generated Host's access-token signing key, LTI tool key and learner-hash key in {Location}", _store.Location);
            return created;
        }

        // Another instance stored the first ring at the same moment; everyone uses the stored one.
        return await _store.ReadAsync(cancellationToken)
               ?? throw new InvalidOperationException($"{_store.Location} disappeared while the first key ring was stored.");
    }

    private string Protect(StoredRing ring) => _protector.Protect(JsonSerializer.Serialize(ring));

    private StoredRing Unprotect(HostKeyRingRecord record)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredRing>(_protector.Unprotect(record.ProtectedKeys)) is { SigningKeys.Count: > 0 } ring
                ? ring
                : throw new InvalidOperationException($"{_store.Location} holds no signing key.");
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{_store.Location} cannot be decrypted. It was written with other Data Protection keys: restore the Data " +
                "Protection keys from the same backup, or delete it to issue new keys (live sessions then end).", e);
        }
    }

    /// <summary>Drops keys that stopped signing (their successor activated) longer than a token lifetime ago.</summary>
    private List<StoredSigningKey> Prune(List<StoredSigningKey> keys, DateTimeOffset now)
    {
        var keepFor = _options.AccessTokenLifetime + TimeSpan.FromSeconds(_options.AccessTokenClockSkewSeconds);
        var ordered = keys.OrderBy(k => k.SignsFrom).ToList();
        return ordered.Where((key, i) => i == ordered.Count - 1 || ordered[i + 1].SignsFrom + keepFor > now).ToList();
    }

    private LoadedRing Load(HostKeyRingRecord record)
    {
        var stored = Unprotect(record);
        var keys = stored.SigningKeys.OrderByDescending(k => k.SignsFrom).Select(k =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(k.Pkcs8), out _);
            var credentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = k.Kid }, SecurityAlgorithms.EcdsaSha256);
            return (k.SignsFrom, credentials);
        }).ToArray();
        var ltiKeys = (stored.LtiKeys ?? []).OrderByDescending(k => k.SignsFrom).Select(k =>
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(k.Pkcs8), out _);
            return new ToolPublicKey(k.Kid, rsa.ExportParameters(includePrivateParameters: false));
        }).ToList();
        return new LoadedRing(keys, keys.Select(k => k.credentials.Key).ToList(), Convert.FromBase64String(stored.LearnerHashKey), record.Revision,
            ltiKeys);
    }

    /// <summary>An ES256 key for access tokens, or an RS256 key for the LTI tool (platforms accept RSA tool keys).</summary>
    private static StoredSigningKey NewKey(HostKeyPurpose purpose, DateTimeOffset now, DateTimeOffset activatesAt)
    {
        using AsymmetricAlgorithm key = purpose == HostKeyPurpose.AccessTokens ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        return new StoredSigningKey(Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            Convert.ToBase64String(key.ExportPkcs8PrivateKey()), now, activatesAt);
    }

    /// <param name="ActivatesAt">
    /// When the key starts signing; null in rings written before activation delays existed, whose keys signed from
    /// their creation (a retired key's old RetiredAt field equals its successor's creation, so nothing else is needed).
    /// </param>
    private sealed record StoredSigningKey(string Kid, string Pkcs8, DateTimeOffset CreatedAt, DateTimeOffset? ActivatesAt)
    {
        public DateTimeOffset SignsFrom => ActivatesAt ?? CreatedAt;
    }

    /// <param name="LtiKeys">Null in rings written before LTI; the first reload adds one.</param>
    private sealed record StoredRing(List<StoredSigningKey> SigningKeys, string LearnerHashKey, List<StoredSigningKey>? LtiKeys = null);

    private enum HostKeyPurpose
    {
        AccessTokens,
        LtiTool,
    }

    private sealed class LoadedRing(
        (DateTimeOffset SignsFrom, SigningCredentials Credentials)[] newestFirst,
        IReadOnlyList<SecurityKey> validationKeys,
        byte[] learnerHashKey,
        long revision,
        IReadOnlyList<ToolPublicKey> ltiPublicKeys)
    {
        public IReadOnlyList<ToolPublicKey> LtiPublicKeys => ltiPublicKeys;

        public IReadOnlyList<SecurityKey> ValidationKeys => validationKeys;

        public byte[] LearnerHashKey => learnerHashKey;

        public long Revision => revision;

        public SigningCredentials SigningKeyAt(DateTimeOffset now)
        {
            foreach (var (signsFrom, credentials) in newestFirst)
            {
                if (signsFrom <= now) return credentials;
            }

            // Only when this instance's clock runs behind the one that created the very first key: use that key.
            return newestFirst[^1].Credentials;
        }
    }
}
