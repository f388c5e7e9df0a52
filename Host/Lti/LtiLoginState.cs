namespace ChatWidget.Host.Lti;

/// <summary>
/// What <c>/lti/login</c> remembers under the <c>state</c> it sends the platform: which platform, the nonce the id_token
/// must carry, and the hash of the binder secret the browser holds (in a cookie, or in the platform's storage).
/// </summary>
/// <param name="StorageTarget">The login's <c>lti_storage_target</c>: the platform offered client-side storage, so the binder may come back from there.</param>
internal sealed record LtiLoginState(string PlatformId, string Nonce, string BinderHash, string? StorageTarget);
