namespace ChatWidget.Host.Lti;

/// <summary>
/// The key under which the binder is kept in the platform's client-side storage: one per state, so launches in two
/// frames of one course page do not read each other's value.
/// </summary>
internal static class LtiStorageKey
{
    public static string For(string state) => "chatwidget-state-" + LtiSecrets.Hash(state)[..22];
}
