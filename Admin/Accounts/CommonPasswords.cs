namespace ChatWidget.Admin.Accounts;

/// <summary>
/// The strength rule shared by admin passwords and the team password: at least 12 characters, not a well-known
/// password or an obvious pattern (one repeated character, a keyboard run, the product's name).
/// </summary>
public static class CommonPasswords
{
    public const int MinimumLength = 12;

    // Lower-cased; a password is refused when, lower-cased and stripped of trailing digits and punctuation, it is one of these.
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "123456789012", "1234567890", "12345678", "123456789",
        "qwertyuiop", "qwertyuiopasdf", "qwerty", "qwerty123", "asdfghjkl", "asdfghjkl;'", "zxcvbnm", "iloveyou",
        "letmein", "welcome", "welcome1", "admin", "administrator", "adminadmin", "changeme", "changeit", "secret",
        "trustno1", "football", "baseball", "superman", "batman", "monkey", "dragon", "sunshine", "princess",
        "master", "shadow", "starwars", "whatever", "correcthorsebatterystaple", "chatwidget", "chatwidgetadmin",
        "passwordpassword", "password123", "abcdefghijkl", "abcdefghijklmnop", "abc123", "qazwsxedcrfv",
        "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "aaaaaaaaaaaa", "teampassword", "mypassword",
        "letmeinplease", "opensesame", "helloworld", "hello", "test", "testtest", "default", "root", "toor",
    };

    /// <summary>Null when the password is strong enough; otherwise why not (never echoing it).</summary>
    public static string? Problem(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
            return $"The password must be at least {MinimumLength} characters long.";
        var lower = password.ToLowerInvariant();
        var stem = lower.TrimEnd("0123456789!?.-_@#$%*".ToCharArray());
        if (Known.Contains(lower) || Known.Contains(stem) || (stem.Length >= 4 && Known.Contains(stem.Replace(" ", "", StringComparison.Ordinal))))
            return "This password is too common; choose another.";
        if (lower.Distinct().Count() < 4)
            return "The password repeats too few different characters.";
        if (IsRun(lower))
            return "The password is a simple sequence; choose another.";
        return null;
    }

    private static bool IsRun(string value)
    {
        const string runs = "abcdefghijklmnopqrstuvwxyz 0123456789 qwertyuiopasdfghjklzxcvbnm";
        return value.Length <= runs.Length && (runs.Contains(value, StringComparison.Ordinal)
            || runs.Contains(new string(value.Reverse().ToArray()), StringComparison.Ordinal));
    }
}
