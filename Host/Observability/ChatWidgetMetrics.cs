using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatWidget.Host.Observability;

/// <summary>
/// ChatWidget's own instruments (meter <see cref="MeterName"/>). Labels are configuration ids (platform, profile,
/// model, upstream authority) and fixed words (outcome, reason, scope): never a session id, learner hash or <c>sub</c>.
/// </summary>
public sealed class ChatWidgetMetrics
{
    public const string MeterName = "ChatWidget";

    private readonly Counter<long> _launches;
    private readonly Counter<long> _tokenRefusals;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _firstToken;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _budgetRefusals;
    private readonly Counter<long> _budgetAlerts;
    private readonly Counter<long> _circuitOpened;
    private readonly UpDownCounter<long> _openStreams;
    private readonly Histogram<double> _knowledgeRetrieval;
    private readonly Counter<long> _knowledgeHits;

    public ChatWidgetMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _launches = meter.CreateCounter<long>("chatwidget.launches", "{session}", "Sessions started, by platform.");
        _tokenRefusals = meter.CreateCounter<long>("chatwidget.token.refusals", "{request}", "Token requests refused, by reason.");
        _turns = meter.CreateCounter<long>("chatwidget.chat.turns", "{turn}", "Chat turns, by outcome, platform, profile and model.");
        _tokens = meter.CreateCounter<long>("chatwidget.chat.tokens", "{token}", "Tokens of chat turns, by type (input, output).");
        _fallbacks = meter.CreateCounter<long>("chatwidget.chat.fallbacks", "{turn}", "Turns answered by a fallback model.");
        _firstToken = meter.CreateHistogram<double>("chatwidget.chat.first_token.duration", "s",
            "From the request's arrival to the model's first chunk.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30] });
        _rateLimited = meter.CreateCounter<long>("chatwidget.rate_limit.refusals", "{request}", "Requests refused by a rate limit, by endpoint.");
        _budgetRefusals = meter.CreateCounter<long>("chatwidget.budget.refusals", "{turn}", "Chat turns refused by a token budget, by scope.");
        _budgetAlerts = meter.CreateCounter<long>("chatwidget.budget.alerts", "{alert}", "Budgets that crossed the alert threshold, by scope.");
        _circuitOpened = meter.CreateCounter<long>("chatwidget.circuit.opened", "{event}", "Upstream circuits that opened, by upstream.");
        _openStreams = meter.CreateUpDownCounter<long>("chatwidget.chat.open_streams", "{stream}", "Streamed answers under way.");
        _knowledgeRetrieval = meter.CreateHistogram<double>("chatwidget.knowledge.retrieval.duration", "s",
            "Time to retrieve a turn's course knowledge, by profile.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _knowledgeHits = meter.CreateCounter<long>("chatwidget.knowledge.hits", "{excerpt}", "Course knowledge excerpts placed in prompts, by profile.");
        meter.CreateObservableGauge("chatwidget.circuit.state", () => CircuitStates(), "{circuit}",
            "1 for each upstream's circuit in its current state (closed, open, half-open).");
    }

    private readonly ConcurrentDictionary<string, string> _circuits = new(StringComparer.OrdinalIgnoreCase);

    public void Launched(string platformId) => _launches.Add(1, new KeyValuePair<string, object?>("platform", platformId));

    /// <summary>The reason must be one of the fixed sentences of the token exchange, never caller text.</summary>
    public void TokenRefused(string reason) => _tokenRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Turn(string outcome, string platformId, string profileId, string? modelId, int promptTokens, int completionTokens)
    {
        var tags = new TagList { { "outcome", outcome }, { "platform", platformId }, { "profile", profileId }, { "model", modelId ?? "none" } };
        _turns.Add(1, tags);
        if (promptTokens > 0) _tokens.Add(promptTokens, Tokens("input", platformId, profileId, modelId));
        if (completionTokens > 0) _tokens.Add(completionTokens, Tokens("output", platformId, profileId, modelId));
    }

    public void Fallback(string profileId, string modelId) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("profile", profileId), new KeyValuePair<string, object?>("model", modelId));

    public void FirstToken(TimeSpan elapsed, string profileId, string modelId) =>
        _firstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("profile", profileId), new KeyValuePair<string, object?>("model", modelId));

    public void RateLimited(string endpoint) => _rateLimited.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void BudgetRefused(string scope) => _budgetRefusals.Add(1, new KeyValuePair<string, object?>("scope", scope));

    public void BudgetAlert(string scope) => _budgetAlerts.Add(1, new KeyValuePair<string, object?>("scope", scope));

    /// <summary>The state a circuit is in when it has opened (the upstream circuits' own word).</summary>
    public const string CircuitOpen = "open";

    /// <summary>An upstream's circuit changed state; an opening is counted (and logged once by the upstream circuits).</summary>
    public void CircuitChanged(string upstream, string state)
    {
        _circuits[upstream] = state;
        if (state == CircuitOpen) _circuitOpened.Add(1, new KeyValuePair<string, object?>("upstream", upstream));
    }

    /// <summary>A turn's knowledge was retrieved: how long it took and how many excerpts its prompt carries (counts only, never text).</summary>
    public void KnowledgeRetrieved(string profileId, TimeSpan elapsed, int excerpts)
    {
        var profile = new KeyValuePair<string, object?>("profile", profileId);
        _knowledgeRetrieval.Record(elapsed.TotalSeconds, profile);
        if (excerpts > 0) _knowledgeHits.Add(excerpts, profile);
    }

    public void StreamOpened() => _openStreams.Add(1);

    public void StreamClosed() => _openStreams.Add(-1);

    private static TagList Tokens(string type, string platformId, string profileId, string? modelId) =>
        new() { { "type", type }, { "platform", platformId }, { "profile", profileId }, { "model", modelId ?? "none" } };

    private IEnumerable<Measurement<int>> CircuitStates() =>
        _circuits.Select(circuit => new Measurement<int>(1,
            new KeyValuePair<string, object?>("upstream", circuit.Key), new KeyValuePair<string, object?>("state", circuit.Value)));
}
