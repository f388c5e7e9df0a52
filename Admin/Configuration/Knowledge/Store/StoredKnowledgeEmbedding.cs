namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// The vector an embedding model gave a chunk's content, keyed by model and content hash rather than by chunk, so that
/// republishing unchanged text (new chunk rows) needs no new embedding call.
/// </summary>
public sealed class StoredKnowledgeEmbedding
{
    public required string ModelId { get; set; }
    public required string ContentHash { get; set; }
    public int Dimensions { get; set; }

    /// <summary><see cref="Dimensions"/> little-endian 32-bit floats.</summary>
    public required byte[] Vector { get; set; }
}
