using AngleSharp.Html.Dom;

namespace ChatWidget.Admin.Tests.Dashboard;

/// <summary>A form as a page rendered it (hidden fields and antiforgery token included), to be filled in and posted later.</summary>
public sealed class OpenForm
{
    private OpenForm(string action, List<KeyValuePair<string, string>> fields)
    {
        Action = action;
        Fields = fields;
    }

    public string Action { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public string? this[string name] => Fields.LastOrDefault(f => f.Key == name).Value;

    public static OpenForm Read(IHtmlDocument page, string url, string formSelector)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {formSelector} on {url}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not "submit" and not "button":
                    if (input.Type is "checkbox" or "radio" ? input.IsChecked : true) fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    foreach (var option in select.Options.Where(o => o.IsSelected)) fields.Add(new(select.Name, option.Value));
                    break;
            }
        }

        var action = form.GetAttribute("action");
        return new OpenForm(string.IsNullOrEmpty(action) ? url : action, fields);
    }

    /// <summary>The form with a field left out, as a browser leaves out a checkbox that was unticked.</summary>
    public OpenForm Without(string name) => new(Action, Fields.Where(f => f.Key != name).ToList());

    /// <summary>Posts the form with <paramref name="values"/> typed over its fields.</summary>
    public Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> values, string? submitHandler = null) =>
        client.PostAsync(ActionFor(submitHandler), new FormUrlEncodedContent(Filled(values)));

    /// <summary>Posts the form as multipart/form-data, as a browser does for a form with a file field, with one file chosen.</summary>
    public Task<HttpResponseMessage> PostFileAsync(HttpClient client, string fileField, string fileName, byte[] content, string contentType,
        Dictionary<string, string>? values = null, string? submitHandler = null)
    {
        var body = new MultipartFormDataContent();
        foreach (var (name, value) in Filled(values ?? [])) body.Add(new StringContent(value), name);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new(contentType);
        body.Add(file, fileField, fileName);
        return client.PostAsync(ActionFor(submitHandler), body);
    }

    private List<KeyValuePair<string, string>> Filled(Dictionary<string, string> values)
    {
        var fields = Fields.ToList();
        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        return fields;
    }

    /// <summary>Like a button with its own formaction: the button's handler replaces the form's.</summary>
    private string ActionFor(string? submitHandler)
    {
        if (submitHandler is null) return Action;
        var action = System.Text.RegularExpressions.Regex.Replace(Action, "[?&]handler=[^&]*", "");
        return action + (action.Contains('?') ? "&" : "?") + "handler=" + submitHandler;
    }
}
