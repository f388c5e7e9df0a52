using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatWidget.MultiInstance.Tests.Cluster.Soak;

/// <summary>What every learner of a soak did, on one clock: each request, and every launch token id minted.</summary>
public sealed class SoakLog
{
    private readonly ConcurrentQueue<SoakRequest> _requests = new();
    private readonly ConcurrentQueue<string> _minted = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<SoakRequest> Requests => [.. _requests];

    public IReadOnlyList<string> MintedTokenIds => [.. _minted];

    public void Minted(string tokenId) => _minted.Enqueue(tokenId);

    public void Add(SoakRequest request) => _requests.Enqueue(request);

}
