using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatWidget.Admin.Configuration.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KnowledgeBaseIds",
                table: "Profiles",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "KnowledgeMaxTokens",
                table: "Profiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1500);

            migrationBuilder.AddColumn<bool>(
                name: "OnlyFromSources",
                table: "Profiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "KnowledgeBases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedRevision = table.Column<int>(type: "INTEGER", nullable: true),
                    FromSeed = table.Column<bool>(type: "INTEGER", nullable: false),
                    RowVersion = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeBases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeEmbeddings",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: false),
                    Dimensions = table.Column<int>(type: "INTEGER", nullable: false),
                    Vector = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeEmbeddings", x => new { x.ModelId, x.ContentHash });
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeBaseDrafts",
                columns: table => new
                {
                    KnowledgeBaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RowVersion = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KnowledgeBaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KnowledgeBaseId = table.Column<string>(type: "TEXT", nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", nullable: false),
                    SourceTitle = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", nullable: true),
                    Heading = table.Column<string>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Tokens = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KnowledgeBaseId = table.Column<string>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    Format = table.Column<string>(type: "TEXT", nullable: false),
                    ByteCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    SectionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
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

            // The full-text index is SQLite's own FTS5, outside the EF model (PostgreSQL's differs): an external-content
            // table over KnowledgeChunks, kept in step by triggers. Porter stemming over unicode61 with diacritics folded.
            // A later migration that rebuilds KnowledgeChunks must recreate these triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "KnowledgeChunksFts" USING fts5("Heading", "Text", content='KnowledgeChunks', content_rowid='Id',
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "KnowledgeChunks_ai" AFTER INSERT ON "KnowledgeChunks" BEGIN
                    INSERT INTO "KnowledgeChunksFts"(rowid, "Heading", "Text") VALUES (new."Id", new."Heading", new."Text");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "KnowledgeChunks_ad" AFTER DELETE ON "KnowledgeChunks" BEGIN
                    INSERT INTO "KnowledgeChunksFts"("KnowledgeChunksFts", rowid, "Heading", "Text") VALUES ('delete', old."Id", old."Heading", old."Text");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "KnowledgeChunks_au" AFTER UPDATE ON "KnowledgeChunks" BEGIN
                    INSERT INTO "KnowledgeChunksFts"("KnowledgeChunksFts", rowid, "Heading", "Text") VALUES ('delete', old."Id", old."Heading", old."Text");
                    INSERT INTO "KnowledgeChunksFts"(rowid, "Heading", "Text") VALUES (new."Id", new."Heading", new."Text");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "KnowledgeChunks_au";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "KnowledgeChunks_ad";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "KnowledgeChunks_ai";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "KnowledgeChunksFts";""");

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
