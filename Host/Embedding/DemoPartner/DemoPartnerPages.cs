using System.Net;
using System.Reflection;

namespace ChatWidget.Host.Embedding.DemoPartner;

/// <summary>
/// The demo partner's pages: a small course page with the widget's script tag, under a strict CSP with nothing
/// inline, so the demo also proves the widget works on a page that locks itself down.
/// </summary>
public sealed class DemoPartnerPages
{
    private readonly string _hostUrl;
    private readonly string _hostOrigin;

    public DemoPartnerPages(string hostUrl)
    {
        var uri = new Uri(hostUrl);
        _hostOrigin = uri.GetLeftPart(UriPartial.Authority);
        _hostUrl = _hostOrigin;
    }

    /// <summary>The page's stylesheet, shipped inside the assembly (Embedding/DemoPartner/demo.css).</summary>
    public static string Stylesheet { get; } = ReadStylesheet();

    /// <summary>What a partner adds to its CSP for the widget: Host for the script and the frame, itself for the token URL.</summary>
    public string ContentSecurityPolicy =>
        $"default-src 'none'; script-src {_hostOrigin}; frame-src {_hostOrigin}; style-src 'self'; connect-src 'self'; " +
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'";

    public IResult Html(HttpContext http, string html)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The usual embedding: the widget fetches a fresh launch token from the platform when it needs one.</summary>
    public string Lesson() => Page(
        "Week 3: Photosynthesis",
        """
        <p class="note">This page embeds ChatWidget with <code>data-token-url</code>: the widget asks this site's
        <code>/chat/launch-token</code> for a fresh launch token whenever it needs one.
        See also the <a href="/inline-token">inline-token variant</a>.</p>
        """,
        $"""<script src="{Attr(_hostUrl)}/widget.js" async data-platform="demo" data-token-url="/chat/launch-token" data-profile="demo"></script>""");

    /// <summary>The alternative: the token is minted while the page renders and written into the script tag.</summary>
    public string InlineToken(string launchToken) => Page(
        "Week 3: Photosynthesis (inline token)",
        """
        <p class="note">This page embeds ChatWidget with <code>data-launch-token</code>: the server signed a launch
        token while rendering this page. It is single-use and short-lived, so open the chat within two minutes,
        or reload. Back to the <a href="/">token-URL variant</a>.</p>
        """,
        $"""<script src="{Attr(_hostUrl)}/widget.js" async data-platform="demo" data-launch-token="{Attr(launchToken)}" data-profile="demo"></script>""");

    private static string Page(string heading, string note, string widgetScript) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Intro to Biology — {{Text(heading)}}</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/demo.css">
        {{widgetScript}}
        </head>
        <body>
        <header class="topbar">
          <span class="brand">Acme Learning</span>
          <nav><a href="/">My courses</a><a href="/">Calendar</a><a href="/">Grades</a></nav>
          <span class="user">Signed in as a demo learner</span>
        </header>
        <div class="layout">
          <aside class="sidebar">
            <h2>Intro to Biology</h2>
            <ol>
              <li>Week 1: What is life?</li>
              <li>Week 2: Cells</li>
              <li class="current">Week 3: Photosynthesis</li>
              <li>Week 4: Respiration</li>
              <li>Week 5: Genetics</li>
            </ol>
          </aside>
          <main>
            <p class="crumbs">Intro to Biology › Week 3</p>
            <h1>{{Text(heading)}}</h1>
            {{note}}
            <h2>Learning goals</h2>
            <ul>
              <li>Describe where photosynthesis takes place in a plant cell.</li>
              <li>Write the overall equation of photosynthesis.</li>
              <li>Explain the difference between the light-dependent reactions and the Calvin cycle.</li>
            </ul>
            <h2>Reading</h2>
            <p>Plants, algae and some bacteria capture the energy of sunlight and store it in the chemical bonds of sugar.
            In plants this happens inside <strong>chloroplasts</strong>, organelles packed with the green pigment chlorophyll.</p>
            <p class="equation">6 CO₂ + 6 H₂O + light → C₆H₁₂O₆ + 6 O₂</p>
            <p>In the <strong>light-dependent reactions</strong>, on the thylakoid membranes, light splits water, releasing oxygen
            and producing ATP and NADPH. In the <strong>Calvin cycle</strong>, in the stroma, that ATP and NADPH are used to fix
            carbon dioxide into sugar.</p>
            <h2>This week's tasks</h2>
            <ul class="tasks">
              <li><span>Quiz: Chloroplast structure</span><span class="due">due Wednesday</span></li>
              <li><span>Lab report: Leaf disk experiment</span><span class="due">due Friday</span></li>
              <li><span>Discussion: Why are leaves green?</span><span class="due">due Sunday</span></li>
            </ul>
            <p class="hint">Stuck? Ask the course assistant with the chat button in the corner.</p>
          </main>
        </div>
        </body>
        </html>
        """;

    private static string Text(string value) => WebUtility.HtmlEncode(value);

    private static string Attr(string value) => WebUtility.HtmlEncode(value);

    private static string ReadStylesheet()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ChatWidget.Host.Embedding.DemoPartner.demo.css")
                           ?? throw new InvalidOperationException("The demo stylesheet is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
