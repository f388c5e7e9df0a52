using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatWidget.Admin.Configuration.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UsageStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModelPrices",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "text", nullable: false),
                    InputPerMillion = table.Column<decimal>(type: "numeric", nullable: false),
                    OutputPerMillion = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelPrices", x => x.ModelId);
                });

            migrationBuilder.CreateTable(
                name: "UsageDays",
                columns: table => new
                {
                    Day = table.Column<int>(type: "integer", nullable: false),
                    PlatformId = table.Column<string>(type: "text", nullable: false),
                    ProfileId = table.Column<string>(type: "text", nullable: false),
                    ModelId = table.Column<string>(type: "text", nullable: false),
                    Turns = table.Column<long>(type: "bigint", nullable: false),
                    PromptTokens = table.Column<long>(type: "bigint", nullable: false),
                    CompletionTokens = table.Column<long>(type: "bigint", nullable: false),
                    Errors = table.Column<long>(type: "bigint", nullable: false),
                    Fallbacks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageDays", x => new { x.Day, x.PlatformId, x.ProfileId, x.ModelId });
                });

            migrationBuilder.CreateTable(
                name: "UsageFirstTokenBuckets",
                columns: table => new
                {
                    Day = table.Column<int>(type: "integer", nullable: false),
                    PlatformId = table.Column<string>(type: "text", nullable: false),
                    ProfileId = table.Column<string>(type: "text", nullable: false),
                    ModelId = table.Column<string>(type: "text", nullable: false),
                    Bucket = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageFirstTokenBuckets", x => new { x.Day, x.PlatformId, x.ProfileId, x.ModelId, x.Bucket });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelPrices");

            migrationBuilder.DropTable(
                name: "UsageDays");

            migrationBuilder.DropTable(
                name: "UsageFirstTokenBuckets");
        }
    }
}
