namespace ChatWidget.Admin.Tests.Configuration;

internal static class TestTimeout
{
    /// <summary>Bounds every store call, so a deadlock fails the test instead of hanging the run.</summary>
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
