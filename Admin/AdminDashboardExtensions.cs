using ChatWidget.Admin.Accounts;
using FluentValidation;
using FluentValidation.AspNetCore;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin;

public static class AdminDashboardExtensions
{
    /// <summary>The dashboard's cookie scheme (Identity's application cookie, path /admin). Host's API keeps JwtBearer as default.</summary>
    public const string CookieScheme = "Identity.Application";
    public const string AdministratorPolicy = "Administrator";
    public const string PathPrefix = "/admin";

    /// <summary>
    /// The control plane: Identity over the configuration database, its cookies scoped to /admin, Razor Pages in the
    /// Admin area behind <see cref="AdministratorPolicy"/>, FluentValidation for the forms.
    /// </summary>
    public static IHostApplicationBuilder AddAdminDashboard(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddIdentityCore<IdentityUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                // CommonPasswordValidator applies the whole rule (length and variety included), so a weak password gets
                // one message in one wording rather than Identity's and ours.
                identity.Password.RequiredLength = 1;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 1;
                identity.Lockout.AllowedForNewUsers = true;
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<ConfigurationDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AdminOptions>>((identity, admin) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = admin.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(admin.Value.LockoutMinutes);
        });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AdminOptions>>((stamp, admin) =>
            stamp.ValidationInterval = TimeSpan.FromSeconds(admin.Value.SecurityStampValidationSeconds));

        services.AddAuthentication().AddIdentityCookies();
        foreach (var scheme in new[] { IdentityConstants.ApplicationScheme, IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, cookie =>
            {
                cookie.Cookie.Path = PathPrefix;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            });
        }

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "chatwidget.admin";
            cookie.LoginPath = PathPrefix + "/login";
            cookie.LogoutPath = PathPrefix + "/logout";
            cookie.AccessDeniedPath = PathPrefix + "/login";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });

        services.AddAuthorizationBuilder().AddPolicy(AdministratorPolicy, policy =>
            policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "chatwidget.admin.af";
            antiforgery.Cookie.Path = PathPrefix;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            antiforgery.FormFieldName = "__RequestVerificationToken";
        });

        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(tempData =>
        {
            tempData.Cookie.Name = "chatwidget.admin.msg";
            tempData.Cookie.Path = PathPrefix;
            tempData.Cookie.SameSite = SameSiteMode.Strict;
            tempData.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        // Cookie paths are case-sensitive: every generated dashboard link must be lower case to stay under /admin.
        services.Configure<Microsoft.AspNetCore.Routing.RouteOptions>(routes => routes.LowercaseUrls = true);
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeAreaFolder("Admin", "/", AdministratorPolicy);
            pages.Conventions.AllowAnonymousToAreaPage("Admin", "/Login");
            pages.Conventions.AllowAnonymousToAreaPage("Admin", "/LoginWith2fa");
            pages.Conventions.AllowAnonymousToAreaPage("Admin", "/LoginWithRecoveryCode");
        });
        // FluentValidation alone decides: no implicit "field is required" from non-nullable strings.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc => mvc.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        services.AddFluentValidationAutoValidation(validation => validation.DisableDataAnnotationsValidation = true);
        // Only the dashboard's form validators: the seed file's validators are built per import with its context.
        services.AddValidatorsFromAssemblyContaining<AdminOptions>(ServiceLifetime.Singleton,
            filter: scan => scan.ValidatorType.Namespace?.StartsWith("ChatWidget.Admin.Areas", StringComparison.Ordinal) == true,
            includeInternalTypes: true);
        services.AddHttpClient(ModelConnectionTester.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<ModelConnectionTester>();
        services.AddSingleton<ProfileCatalog>();
        return builder;
    }

    /// <summary>Security headers and assets for everything under /admin, then the dashboard's pages.</summary>
    public static WebApplication MapAdminDashboard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PathPrefix), admin => admin.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                    "frame-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            // Secure cookies cannot be set over plain HTTP: say so instead of failing inside antiforgery.
            if (!context.Request.IsHttps && !app.Environment.IsDevelopment())
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(
                    "The admin dashboard is served over HTTPS only. Behind a TLS-terminating proxy, set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true.",
                    context.RequestAborted);
                return;
            }

            await next(context);
        }));

        app.MapGet(PathPrefix + "/assets/{name}", (string name) =>
        {
            var stream = typeof(AdminOptions).Assembly.GetManifestResourceStream("admin-assets/" + name);
            if (stream is null) return Results.NotFound();
            var type = Path.GetExtension(name) switch { ".css" => "text/css", ".js" => "text/javascript", _ => "application/octet-stream" };
            return Results.Stream(stream, type);
        }).AllowAnonymous();

        app.MapRazorPages();
        return app;
    }
}
