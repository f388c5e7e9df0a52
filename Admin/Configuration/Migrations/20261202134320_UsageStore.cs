using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatWidget.Admin.Configuration.Migrations
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
                    ModelId = table.Column<string>(type: "TEXT", nullable: false),
                    InputPerMillion = table.Column<decimal>(type: "TEXT", nullable: false),
                    OutputPerMillion = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelPrices", x => x.ModelId);
                });

            migrationBuilder.CreateTable(
                name: "UsageDays",
                columns: table => new
                {
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    PlatformId = table.Column<string>(type: "TEXT", nullable: false),
                    ProfileId = table.Column<string>(type: "TEXT", nullable: false),
                    ModelId = table.Column<string>(type: "TEXT", nullable: false),
                    Turns = table.Column<long>(type: "INTEGER", nullable: false),
                    PromptTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletionTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    Errors = table.Column<long>(type: "INTEGER", nullable: false),
                    Fallbacks = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageDays", x => new { x.Day, x.PlatformId, x.ProfileId, x.ModelId });
                });

            migrationBuilder.CreateTable(
                name: "UsageFirstTokenBuckets",
                columns: table => new
                {
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    PlatformId = table.Column<string>(type: "TEXT", nullable: false),
                    ProfileId = table.Column<string>(type: "TEXT", nullable: false),
                    ModelId = table.Column<string>(type: "TEXT", nullable: false),
                    Bucket = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
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
