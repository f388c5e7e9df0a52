namespace ChatWidget.Host.Tests.Lti;

/// <summary>One request the fake platform received, as it arrived.</summary>
public sealed record RecordedPlatformRequest(string Method, string Authorization, string? ContentType, string Body, string Query);
