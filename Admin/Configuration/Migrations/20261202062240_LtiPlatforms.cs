using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatWidget.Admin.Configuration.Migrations
{
    /// <inheritdoc />
    public partial class LtiPlatforms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LtiAuthorizationUrl",
                table: "Platforms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LtiClientId",
                table: "Platforms",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LtiDeploymentIds",
                table: "Platforms",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "LtiRegistrationInvites",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PlatformId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiRegistrationInvites", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlatformLtiRoles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlatformId = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    ProfileId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformLtiRoles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlatformLtiRoles_Platforms_PlatformId",
                        column: x => x.PlatformId,
                        principalTable: "Platforms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Platforms_Issuer_LtiClientId",
                table: "Platforms",
                columns: new[] { "Issuer", "LtiClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlatformLtiRoles_PlatformId_Position",
                table: "PlatformLtiRoles",
                columns: new[] { "PlatformId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LtiRegistrationInvites");

            migrationBuilder.DropTable(
                name: "PlatformLtiRoles");

            migrationBuilder.DropIndex(
                name: "IX_Platforms_Issuer_LtiClientId",
                table: "Platforms");

            migrationBuilder.DropColumn(
                name: "LtiAuthorizationUrl",
                table: "Platforms");

            migrationBuilder.DropColumn(
                name: "LtiClientId",
                table: "Platforms");

            migrationBuilder.DropColumn(
                name: "LtiDeploymentIds",
                table: "Platforms");
        }
    }
}
