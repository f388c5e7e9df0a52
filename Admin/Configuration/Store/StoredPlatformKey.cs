namespace ChatWidget.Admin.Configuration;

/// <summary>One verification key of a platform: a public key PEM, or an HS256 secret stored only as ciphertext.</summary>
public sealed class StoredPlatformKey
{
    public int Id { get; set; }
    public required string PlatformId { get; set; }
    public int Position { get; set; }
    public string? Kid { get; set; }
    public string? PublicKeyPem { get; set; }

    /// <summary>Ciphertext from <see cref="ConfigurationSecretProtector"/>; never the secret itself.</summary>
    public string? ProtectedSharedSecret { get; set; }
}
