namespace ChatWidget.Admin.Configuration;

/// <summary>The outcome of storing a dynamically registered platform; <see cref="PlatformId"/> is set when it was stored.</summary>
public sealed record StoredDynamicRegistration(LtiRegistrationCompletion Completion, string? PlatformId = null);
