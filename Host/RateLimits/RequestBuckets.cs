using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.RateLimits;

/// <summary>One token bucket a request is counted in: what it counts (its kind), whose it is (its key), and its size.</summary>
public sealed record RequestBucket(string Kind, string Key, TokenBucketSettings Settings);

/// <summary>The open-streams limit of a chat request's session.</summary>
public sealed record StreamLimit(string SessionId, int Permits);

/// <summary>
/// Every limit one request falls under (<see cref="RateLimitOptions"/> with its per-platform and per-profile overrides):
/// the in-memory limiters and the shared Redis ones count the same buckets with the same sizes.
/// </summary>
public sealed record RequestBuckets(StreamLimit? Streams, IReadOnlyList<RequestBucket> Buckets)
{
    public const string Session = "session";
    public const string Learner = "learner";
    public const string Platform = "platform";
    public const string ChatAddress = "chat-ip";
    public const string TokenAddress = "token-ip";
    public const string TokenPlatform = "token-platform";

    /// <summary>The kinds of a chat request, widest last (see <see cref="RequestRateLimiters"/> for why the order matters).</summary>
    public static readonly string[] ChatKinds = [Session, Learner, Platform, ChatAddress];

    public static RequestBuckets None { get; } = new(null, []);

    public bool IsLimited => Streams is not null || Buckets.Count > 0;

    public RequestBucket? Find(string kind)
    {
        foreach (var bucket in Buckets)
        {
            if (bucket.Kind == kind) return bucket;
        }

        return null;
    }

    /// <summary>The buckets of a request, worked out once per request (the limiters ask several times).</summary>
    public static RequestBuckets For(HttpContext http, RateLimitOptions options)
    {
        if (http.Items.TryGetValue(typeof(RequestBuckets), out var cached) && cached is RequestBuckets known) return known;
        var buckets = Compute(http, options);
        http.Items[typeof(RequestBuckets)] = buckets;
        return buckets;
    }

    /// <summary>The token endpoint's per-platform bucket, checked once the form has been read.</summary>
    public static RequestBucket ForTokenPlatform(string platformKey, RateLimitOptions options) =>
        new(TokenPlatform, platformKey, options.TokenPerPlatformFor(platformKey));

    private static RequestBuckets Compute(HttpContext http, RateLimitOptions options)
    {
        var policy = RateLimitPolicies.Of(http);
        if (policy is RateLimitPolicies.Token or RateLimitPolicies.LtiLogin)
            return new RequestBuckets(null, [new RequestBucket(TokenAddress, RateLimitedRequest.ClientAddress(http), options.TokenPerIp)]);
        if (policy is not RateLimitPolicies.Chat) return None;

        var platform = RateLimitedRequest.Platform(http);
        var profile = RateLimitedRequest.Profile(http);
        var sessionId = RateLimitedRequest.SessionId(http);
        var learner = RateLimitedRequest.Claim(http, AccessTokenClaims.LearnerHash);
        var platformClaim = RateLimitedRequest.Claim(http, AccessTokenClaims.Platform);

        var buckets = new List<RequestBucket>(4);
        if (sessionId is not null) buckets.Add(new RequestBucket(Session, sessionId, options.ChatPerSessionFor(platform, profile)));
        if (learner is not null) buckets.Add(new RequestBucket(Learner, learner, options.ChatPerLearnerFor(platform)));
        if (platformClaim is not null) buckets.Add(new RequestBucket(Platform, platformClaim, options.ChatPerPlatformFor(platform)));
        buckets.Add(new RequestBucket(ChatAddress, RateLimitedRequest.ClientAddress(http), options.ChatPerIp));
        var streams = sessionId is null ? null : new StreamLimit(sessionId, options.StreamsPerSessionFor(platform, profile));
        return new RequestBuckets(streams, buckets);
    }
}
