namespace ChatWidget.Host.Lti;

/// <summary>
/// Binds a login's state to the browser that started it: a cookie holding the binder secret, only for <c>/lti</c>, for
/// the life of the state. It lives inside the platform's iframe, so it must be <c>SameSite=None; Secure</c>, and
/// <c>Partitioned</c> (CHIPS) so browsers that block third-party cookies still keep it for this platform's pages. One
/// cookie per state, so two launches in one course page do not overwrite each other; the launch deletes it.
/// </summary>
internal static class LtiStateCookie
{
    private const string Prefix = "__Secure-cw-lti-";

    public static void Set(HttpResponse response, string state, string binder, TimeSpan lifetime) =>
        response.Cookies.Append(Name(state), binder, Options(lifetime));

    public static string? Read(HttpRequest request, string state) => request.Cookies[Name(state)];

    public static void Delete(HttpResponse response, string state) => response.Cookies.Delete(Name(state), Options(null));

    private static string Name(string state) => Prefix + LtiSecrets.Hash(state)[..16];

    private static CookieOptions Options(TimeSpan? lifetime)
    {
        var options = new CookieOptions
        {
            Path = "/lti",
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.None,
            MaxAge = lifetime,
            IsEssential = true,
        };
        options.Extensions.Add("Partitioned");
        return options;
    }
}
