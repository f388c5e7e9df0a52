using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatWidget.Admin.Configuration.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RowVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RowVersion",
                table: "TeamAccess",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RowVersion",
                table: "Profiles",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RowVersion",
                table: "ProfileDrafts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RowVersion",
                table: "Platforms",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "RowVersion",
                table: "Models",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.UpdateData(
                table: "TeamAccess",
                keyColumn: "Id",
                keyValue: 1,
                column: "RowVersion",
                value: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "TeamAccess");

            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "Profiles");

            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "ProfileDrafts");

            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "Platforms");

            migrationBuilder.DropColumn(
                name: "RowVersion",
                table: "Models");
        }
    }
}
