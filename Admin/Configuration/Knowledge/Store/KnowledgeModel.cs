using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// The knowledge tables of <see cref="ConfigurationDbContext"/>. The full-text index is not part of the model (it
/// differs per provider, and both providers must keep the same tables and columns): the CourseKnowledge migrations
/// create SQLite's FTS5 table and PostgreSQL's search vector with raw SQL, kept current by triggers.
/// </summary>
public static class KnowledgeModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<StoredKnowledgeBase>(kb =>
        {
            kb.ToTable("KnowledgeBases");
            kb.HasKey(k => k.Id);
        });

        builder.Entity<StoredKnowledgeBaseDraft>(draft =>
        {
            draft.ToTable("KnowledgeBaseDrafts");
            draft.HasKey(d => d.KnowledgeBaseId);
            draft.HasOne<StoredKnowledgeBase>().WithOne().HasForeignKey<StoredKnowledgeBaseDraft>(d => d.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
            draft.Property(d => d.UpdatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });

        builder.Entity<StoredKnowledgeBaseRevision>(revision =>
        {
            revision.ToTable("KnowledgeBaseRevisions");
            revision.HasIndex(r => new { r.KnowledgeBaseId, r.Number }).IsUnique();
            revision.HasOne<StoredKnowledgeBase>().WithMany().HasForeignKey(r => r.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
            revision.Property(r => r.PublishedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });

        builder.Entity<StoredKnowledgeDocument>(document =>
        {
            document.ToTable("KnowledgeDocuments");
            document.HasOne<StoredKnowledgeBase>().WithMany().HasForeignKey(d => d.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
            document.Property(d => d.AddedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });

        builder.Entity<StoredKnowledgeChunk>(chunk =>
        {
            chunk.ToTable("KnowledgeChunks");
            chunk.HasIndex(c => new { c.KnowledgeBaseId, c.Position });
            chunk.HasOne<StoredKnowledgeBase>().WithMany().HasForeignKey(c => c.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StoredKnowledgeEmbedding>(embedding =>
        {
            embedding.ToTable("KnowledgeEmbeddings");
            embedding.HasKey(e => new { e.ModelId, e.ContentHash });
        });
    }
}
