namespace ChatWidget.Benchmarks.TokenPath;

// Placeholder in main until the helper's suite is merged.
public static class TokenPathSuite
{
    public static int Run(string[] args) => throw new NotSupportedException(string.Join(' ', args));
}
