using ChatWidget.Admin.Configuration.Usage;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Observability;

/// <summary>
/// Adds every turn that reached a model to this instance's tallies (per UTC day, platform, profile and model) and hands
/// them over to <see cref="UsageWriter"/> in batches. Nothing about the learner or the conversation is kept.
/// </summary>
public sealed class UsageRecorder(TimeProvider time, IOptionsMonitor<UsageOptions> options) : IChatTurnObserver
{
    private readonly Lock _gate = new();
    private Dictionary<UsageKey, UsageTally> _tallies = [];

    public void TurnEnded(ChatTurnRecord turn)
    {
        if (turn.ModelId is null || !options.CurrentValue.Enabled) return;
        var key = new UsageKey(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), turn.PlatformId, turn.ProfileId, turn.ModelId);
        lock (_gate)
        {
            if (!_tallies.TryGetValue(key, out var tally)) _tallies[key] = tally = new UsageTally(key);
            tally.Add(turn.PromptTokens, turn.CompletionTokens, error: turn.Outcome == "upstream_failed", turn.FallbackUsed, turn.FirstToken);
        }
    }

    /// <summary>Everything counted since the last call; the recorder starts again from nothing.</summary>
    public IReadOnlyCollection<UsageTally> TakeBatch()
    {
        lock (_gate)
        {
            var batch = _tallies.Values;
            _tallies = [];
            return batch;
        }
    }

    /// <summary>Puts a batch that could not be written back, so its counts go with the next one.</summary>
    public void Return(IReadOnlyCollection<UsageTally> batch)
    {
        lock (_gate)
        {
            foreach (var tally in batch)
            {
                if (!_tallies.TryGetValue(tally.Key, out var current)) _tallies[tally.Key] = current = new UsageTally(tally.Key);
                current.Merge(tally);
            }
        }
    }
}
