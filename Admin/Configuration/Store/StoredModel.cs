namespace ChatWidget.Admin.Configuration;

/// <summary>A model row. The API key is stored only as Data Protection ciphertext.</summary>
public sealed class StoredModel : IVersionedRow
{
    public required string Id { get; set; }
    public required string Provider { get; set; }
    public string? BaseUrl { get; set; }

    /// <summary>Ciphertext from <see cref="ConfigurationSecretProtector"/>; never the key itself.</summary>
    public string? ProtectedApiKey { get; set; }

    public required string ModelName { get; set; }
    public int ContextWindow { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>Written by the seed file, so the dashboard can show that a restart will re-apply it.</summary>
    public bool FromSeed { get; set; }

    public long RowVersion { get; set; }
}
