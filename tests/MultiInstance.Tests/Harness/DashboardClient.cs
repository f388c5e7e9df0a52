using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// The admin dashboard of one instance, used as a browser behind nginx's TLS uses it, but sent to the instance directly
/// (so a test knows which instance made a change). Every request carries what nginx adds (<c>X-Forwarded-Proto: https</c>,
/// <c>X-Forwarded-For</c>), which the instance trusts with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true. Cookies are kept
/// here rather than in the handler: they are Secure, and HttpClient sends no Secure cookie to an http:// address.
/// </summary>
public sealed class DashboardClient
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _client;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    private DashboardClient(HttpClient client) => _client = client;

    /// <summary>Signs in at <c>/admin/login</c> through <paramref name="client"/> (one without cookies or redirects, e.g. <see cref="HostCluster.CreateDirectClient"/>).</summary>
    public static async Task<DashboardClient> SignInAsync(HttpClient client, string email, string password)
    {
        var dashboard = new DashboardClient(client);
        using var response = await dashboard.SubmitAsync("/admin/login", "form", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect || !dashboard._cookies.ContainsKey("chatwidget.admin"))
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return dashboard;
    }

    public async Task<IHtmlDocument> GetPageAsync(string path)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {html}");
        return Parser.ParseDocument(html);
    }

    /// <summary>
    /// GETs the page and posts its form (the first matching <paramref name="formSelector"/>) as a browser would: every field
    /// as rendered (hidden ones and the antiforgery token included, checkboxes only when ticked), with
    /// <paramref name="changes"/> applied; a null value leaves the field out, as unticking a checkbox does.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string formSelector, IReadOnlyDictionary<string, string?> changes)
    {
        var page = await GetPageAsync(path);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {formSelector} on {path}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !string.IsNullOrEmpty(box.Name):
                    if (box.IsChecked) fields.Add(new(box.Name, box.Value));
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not "submit" and not "button":
                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.AddRange(select.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(select.Name, o.Value)));
                    break;
            }
        }

        foreach (var (name, value) in changes)
        {
            // The checkbox goes; the hidden "false" that ASP.NET renders after it stays, as a browser would send it.
            var checkbox = form.Elements.OfType<IHtmlInputElement>().Any(i => i.Name == name && i.Type == "checkbox");
            fields.RemoveAll(f => f.Key == name && (!checkbox || f.Value == "true"));
            if (value is not null) fields.Add(new(name, value));
        }

        var action = form.GetAttribute("action");
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, string.IsNullOrEmpty(action) ? path : action)
        {
            Content = new FormUrlEncodedContent(fields),
        });
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "127.0.0.1");
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await _client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies) Keep(cookie);
            }

            return response;
        }
    }

    /// <summary><c>name=value; path=/admin; secure; ...</c>: an empty value or an expiry in the past deletes it, as a browser would.</summary>
    private void Keep(string setCookie)
    {
        var pair = setCookie.Split(';', 2)[0];
        var separator = pair.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0) return;
        var name = pair[..separator].Trim();
        var value = pair[(separator + 1)..].Trim();
        var expired = setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
        if (value.Length == 0 || expired) _cookies.Remove(name);
        else _cookies[name] = value;
    }
}
