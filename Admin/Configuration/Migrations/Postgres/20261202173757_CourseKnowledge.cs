using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatWidget.Admin.Configuration.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CourseKnowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmbeddingModelId",
                table: "Profiles",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "KnowledgeBaseIds",
                table: "Profiles",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<int>(
                name: "KnowledgeMaxTokens",
                table: "Profiles",
                type: "integer",
                nullable: false,
                defaultValue: 1500);

            migrationBuilder.AddColumn<bool>(
                name: "OnlyFromSources",
                table: "Profiles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "KnowledgeBases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Language = table.Column<string>(type: "text", nullable: false),
                    PublishedRevision = table.Column<int>(type: "integer", nullable: true),
                    FromSeed = table.Column<bool>(type: "boolean", nullable: false),
                    RowVersion = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeBases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeEmbeddings",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "text", nullable: false),
                    Dimensions = table.Column<int>(type: "integer", nullable: false),
                    Vector = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeEmbeddings", x => new { x.ModelId, x.ContentHash });
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeBaseDrafts",
                columns: table => new
                {
                    KnowledgeBaseId = table.Column<string>(type: "text", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    RowVersion = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeBaseDrafts", x => x.KnowledgeBaseId);
                    table.ForeignKey(
                        name: "FK_KnowledgeBaseDrafts_KnowledgeBases_KnowledgeBaseId",
                        column: x => x.KnowledgeBaseId,
                        principalTable: "KnowledgeBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeBaseRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KnowledgeBaseId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    PublishedBy = table.Column<string>(type: "text", nullable: false),
                    PublishedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeBaseRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeBaseRevisions_KnowledgeBases_KnowledgeBaseId",
                        column: x => x.KnowledgeBaseId,
                        principalTable: "KnowledgeBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeChunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KnowledgeBaseId = table.Column<string>(type: "text", nullable: false),
                    SourceId = table.Column<string>(type: "text", nullable: false),
                    SourceTitle = table.Column<string>(type: "text", nullable: false),
                    SourceUrl = table.Column<string>(type: "text", nullable: true),
                    Heading = table.Column<string>(type: "text", nullable: true),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Tokens = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "text", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeChunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeChunks_KnowledgeBases_KnowledgeBaseId",
                        column: x => x.KnowledgeBaseId,
                        principalTable: "KnowledgeBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KnowledgeBaseId = table.Column<string>(type: "text", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    Format = table.Column<string>(type: "text", nullable: false),
                    ByteCount = table.Column<int>(type: "integer", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    SectionsJson = table.Column<string>(type: "text", nullable: false),
                    AddedBy = table.Column<string>(type: "text", nullable: false),
                    AddedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeDocuments_KnowledgeBases_KnowledgeBaseId",
                        column: x => x.KnowledgeBaseId,
                        principalTable: "KnowledgeBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeBaseRevisions_KnowledgeBaseId_Number",
                table: "KnowledgeBaseRevisions",
                columns: new[] { "KnowledgeBaseId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeChunks_KnowledgeBaseId_Position",
                table: "KnowledgeChunks",
                columns: new[] { "KnowledgeBaseId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeDocuments_KnowledgeBaseId",
                table: "KnowledgeDocuments",
                column: "KnowledgeBaseId");

            // The full-text index is PostgreSQL's own, outside the EF model (SQLite's differs): a tsvector column filled by a
            // trigger in the knowledge base's language (a configuration name from KnowledgeLanguages), the heading
            // weighted A and the text B, under a GIN index.
            migrationBuilder.Sql("""ALTER TABLE "KnowledgeChunks" ADD COLUMN "SearchVector" tsvector;""");
            migrationBuilder.Sql("""
                CREATE FUNCTION knowledge_chunk_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE config regconfig;
                BEGIN
                    SELECT kb."Language"::regconfig INTO config FROM "KnowledgeBases" kb WHERE kb."Id" = NEW."KnowledgeBaseId";
                    config := COALESCE(config, 'english'::regconfig);
                    NEW."SearchVector" := setweight(to_tsvector(config, COALESCE(NEW."Heading", '')), 'A')
                        || setweight(to_tsvector(config, NEW."Text"), 'B');
                    RETURN NEW;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER knowledge_chunk_search_vector BEFORE INSERT OR UPDATE ON "KnowledgeChunks"
                    FOR EACH ROW EXECUTE FUNCTION knowledge_chunk_search_vector();
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_KnowledgeChunks_SearchVector" ON "KnowledgeChunks" USING GIN ("SearchVector");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS knowledge_chunk_search_vector ON "KnowledgeChunks";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS knowledge_chunk_search_vector();""");

            migrationBuilder.DropTable(
                name: "KnowledgeBaseDrafts");

            migrationBuilder.DropTable(
                name: "KnowledgeBaseRevisions");

            migrationBuilder.DropTable(
                name: "KnowledgeChunks");

            migrationBuilder.DropTable(
                name: "KnowledgeDocuments");

            migrationBuilder.DropTable(
                name: "KnowledgeEmbeddings");

            migrationBuilder.DropTable(
                name: "KnowledgeBases");

            migrationBuilder.DropColumn(
                name: "EmbeddingModelId",
                table: "Profiles");

            migrationBuilder.DropColumn(
                name: "KnowledgeBaseIds",
                table: "Profiles");

            migrationBuilder.DropColumn(
                name: "KnowledgeMaxTokens",
                table: "Profiles");

            migrationBuilder.DropColumn(
                name: "OnlyFromSources",
                table: "Profiles");
        }
    }
}
