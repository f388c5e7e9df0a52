using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Host's own secrets: the ES256 keys that sign access tokens and the key that hashes learner ids.
/// Generated on first start and kept in one file in the data directory, encrypted with Data Protection.
/// Rotation adds a new signing key and keeps the previous ones valid for one access-token lifetime, so
/// tokens already handed out keep working until they expire.
/// </summary>
public sealed class HostKeyRing
{
    private const string ProtectorPurpose = "ChatWidget.HostKeyRing.v1";
    private readonly string _path;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly SessionOptions _options;
    private readonly ILogger<HostKeyRing> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile LoadedRing _ring;

    public HostKeyRing(HostKeyRingFile file, IDataProtectionProvider dataProtection, TimeProvider time,
        IOptions<SessionOptions> options, ILogger<HostKeyRing> logger)
    {
        _path = file.Path;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _time = time;
        _options = options.Value;
        _logger = logger;
        _ring = LoadOrCreate();
    }

    /// <summary>The key new access tokens are signed with.</summary>
    public SigningCredentials SigningCredentials => _ring.SigningCredentials;

    /// <summary>Every key an access token may still be signed with: the current one and those retired recently.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys => _ring.ValidationKeys;

    /// <summary>The HMAC key for learner-id hashes. Stable across restarts so a learner's hash is too.</summary>
    public ReadOnlySpan<byte> LearnerHashKey => _ring.LearnerHashKey;

    public string CurrentKeyId => _ring.SigningCredentials.Key.KeyId;

    /// <summary>Starts signing with a fresh key; earlier keys stay valid for validation until their tokens expired.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var stored = ReadFile() ?? throw new InvalidOperationException($"The host key file {_path} disappeared.");
            var now = _time.GetUtcNow();
            var keys = stored.SigningKeys
                .Select(k => k.RetiredAt is null ? k with { RetiredAt = now } : k)
                .Append(NewSigningKey(now))
                .ToList();
            var rotated = Prune(stored with { SigningKeys = keys }, now);
            await WriteFileAsync(rotated, cancellationToken);
            _ring = Load(rotated);
            _logger.LogInformation("Access-token signing key rotated; new key id {KeyId}", CurrentKeyId);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Picks up a rotation made by another process (the CLI or another instance) sharing the data directory.</summary>
    public void ReloadIfChanged()
    {
        if (File.GetLastWriteTimeUtc(_path) == _ring.FileWrittenAt) return;
        var stored = ReadFile();
        if (stored is not null) _ring = Load(stored);
    }

    private LoadedRing LoadOrCreate()
    {
        var stored = ReadFile();
        if (stored is null)
        {
            var now = _time.GetUtcNow();
            stored = new StoredRing([NewSigningKey(now)], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            WriteFileAsync(stored, CancellationToken.None).GetAwaiter().GetResult(); // start-up only, before serving
            _logger.LogInformation("Generated Host's access-token signing key and learner-hash key in {Path}", _path);
        }

        return Load(stored);
    }

    private StoredRing? ReadFile()
    {
        if (!File.Exists(_path)) return null;
        try
        {
            var json = _protector.Unprotect(File.ReadAllText(_path));
            return JsonSerializer.Deserialize<StoredRing>(json)
                   ?? throw new InvalidOperationException($"The host key file {_path} is empty.");
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The host key file {_path} cannot be decrypted. It was written with other Data Protection keys: " +
                "restore the data directory's keys folder from the same backup, or delete the file to issue new keys " +
                "(live sessions then end).", e);
        }
    }

    private async Task WriteFileAsync(StoredRing ring, CancellationToken cancellationToken)
    {
        var temp = _path + ".tmp";
        await File.WriteAllTextAsync(temp, _protector.Protect(JsonSerializer.Serialize(ring)), cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, _path, overwrite: true);
    }

    private StoredRing Prune(StoredRing ring, DateTimeOffset now)
    {
        var keepFor = _options.AccessTokenLifetime + TimeSpan.FromSeconds(_options.AccessTokenClockSkewSeconds);
        return ring with { SigningKeys = ring.SigningKeys.Where(k => k.RetiredAt is null || k.RetiredAt + keepFor > now).ToList() };
    }

    private LoadedRing Load(StoredRing stored)
    {
        var securityKeys = stored.SigningKeys.Select(k =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(k.Pkcs8), out _);
            return (k, key: new ECDsaSecurityKey(ecdsa) { KeyId = k.Kid });
        }).ToList();
        var active = securityKeys.LastOrDefault(p => p.k.RetiredAt is null).key
                     ?? throw new InvalidOperationException($"The host key file {_path} has no active signing key.");
        return new LoadedRing(
            new SigningCredentials(active, SecurityAlgorithms.EcdsaSha256),
            securityKeys.Select(p => (SecurityKey)p.key).ToList(),
            Convert.FromBase64String(stored.LearnerHashKey),
            File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : default);
    }

    private static StoredSigningKey NewSigningKey(DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new StoredSigningKey(Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey()), now, null);
    }

    private sealed record StoredSigningKey(string Kid, string Pkcs8, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

    private sealed record StoredRing(List<StoredSigningKey> SigningKeys, string LearnerHashKey);

    private sealed record LoadedRing(SigningCredentials SigningCredentials, IReadOnlyList<SecurityKey> ValidationKeys,
        byte[] LearnerHashKey, DateTime FileWrittenAt);
}

/// <summary>Where the host key ring lives: <c>host-keys.json</c> in the data directory.</summary>
public sealed record HostKeyRingFile(string Path);
