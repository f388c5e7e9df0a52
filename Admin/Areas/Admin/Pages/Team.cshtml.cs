using ChatWidget.Admin.Accounts;
using ChatWidget.Admin.Configuration;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Areas.Admin.Pages;

/// <summary>The team password (hash only), its profile, and the switch. Rotating or switching off bumps the generation.</summary>
public sealed class TeamModel(IDbContextFactory<ConfigurationDbContext> contextFactory) : AdminPageModel
{
    public StoredTeamAccess Team { get; private set; } = new();
    public IReadOnlyList<string> ProfileIds { get; private set; } = [];
    [BindProperty] public TeamPasswordInput Password { get; set; } = new();

    /// <summary>The profile chosen in the posted form, kept in the list when the change is refused.</summary>
    public string? ChosenProfile { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        Team = await db.TeamAccess.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new StoredTeamAccess();
        ProfileIds = await db.Profiles.Select(p => p.Id).OrderBy(p => p).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? rowVersion, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await OnGetAsync(cancellationToken);
            return Page();
        }

        return await ChangeAsync("team.password-rotate", rowVersion, team =>
        {
            var rotated = team.PasswordHash is not null;
            team.PasswordHash = TeamPasswordHasher.Hash(Password.New);
            if (rotated) team.Generation++;
            return null;
        }, "Team password saved; team sessions started with the old one end at their next request.", cancellationToken);
    }

    public Task<IActionResult> OnPostProfileAsync(string? rowVersion, string? profileId, CancellationToken cancellationToken)
    {
        ChosenProfile = profileId;
        return ChangeAsync("team.profile", rowVersion, team =>
        {
            if (profileId is null || !ProfileIds.Contains(profileId)) return "Choose a published profile.";
            team.ProfileId = profileId;
            return null;
        }, "Team profile saved.", cancellationToken);
    }

    public Task<IActionResult> OnPostOffAsync(string? rowVersion, CancellationToken cancellationToken) =>
        ChangeAsync("team.off", rowVersion, team =>
        {
            if (team.Enabled) team.Generation++;
            team.Enabled = false;
            return null;
        }, "Team access is off; team sessions end at their next request.", cancellationToken);

    public Task<IActionResult> OnPostOnAsync(string? rowVersion, CancellationToken cancellationToken) =>
        ChangeAsync("team.on", rowVersion, team =>
        {
            if (team.PasswordHash is null) return "Set a team password first.";
            if (team.ProfileId is null || !ProfileIds.Contains(team.ProfileId)) return "Choose the team's profile first.";
            team.Enabled = true;
            return null;
        }, "Team access is on.", cancellationToken);

    /// <summary>One change of the team row, based on the row as the page showed it (<paramref name="rowVersion"/>).</summary>
    private async Task<IActionResult> ChangeAsync(string action, string? rowVersion, Func<StoredTeamAccess, string?> change, string done,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        ProfileIds = await db.Profiles.Select(p => p.Id).OrderBy(p => p).ToListAsync(cancellationToken);
        var team = await db.TeamAccess.SingleOrDefaultAsync(cancellationToken);
        if (team is null)
        {
            team = new StoredTeamAccess();
            db.TeamAccess.Add(team);
        }
        else if (!team.Matches(rowVersion))
        {
            return await RefuseStaleAsync(cancellationToken);
        }

        var before = AuditView(team);
        if (change(team) is { } error)
        {
            if (action != "team.password-rotate") ModelState.Clear();
            ModelState.AddModelError(string.Empty, error);
            await OnGetAsync(cancellationToken);
            return Page();
        }

        AuditTrail.Record(db, Actor, action, "team", "team", before, AuditView(team));
        if (!await TrySaveAsync(db, cancellationToken)) return await RefuseStaleAsync(cancellationToken);
        return Done(done, "/Team");
    }

    private async Task<IActionResult> RefuseStaleAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        RefuseStale("team access");
        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>Never the hash: only whether a password is set.</summary>
    private static object AuditView(StoredTeamAccess team) => new { team.Enabled, team.ProfileId, team.Generation, PasswordSet = team.PasswordHash is not null };
}

public sealed class TeamPasswordInput
{
    public string New { get; set; } = "";
    public string Confirm { get; set; } = "";
}

public sealed class TeamPasswordInputValidator : AbstractValidator<TeamPasswordInput>
{
    public TeamPasswordInputValidator()
    {
        RuleFor(x => x.New).Must(p => CommonPasswords.Problem(p) is null).WithMessage(x => CommonPasswords.Problem(x.New) ?? "");
        RuleFor(x => x.Confirm).Equal(x => x.New).WithMessage("The two passwords differ.");
    }
}
