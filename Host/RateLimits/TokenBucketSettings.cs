namespace ChatWidget.Host.RateLimits;

/// <summary>One token bucket: up to <see cref="Burst"/> requests at once, refilled at <see cref="PerMinute"/> a minute.</summary>
public sealed class TokenBucketSettings
{
    /// <summary>Requests allowed in a burst (the bucket's size).</summary>
    public int Burst { get; set; }

    /// <summary>Requests per minute once the burst is spent (the refill rate).</summary>
    public int PerMinute { get; set; }

    public TokenBucketSettings Copy() => new() { Burst = Burst, PerMinute = PerMinute };

    public override string ToString() => $"{Burst} burst, {PerMinute}/min";
}
