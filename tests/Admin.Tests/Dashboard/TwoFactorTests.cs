using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace ChatWidget.Admin.Tests.Dashboard;

public sealed class TwoFactorTests : IAsyncLifetime
{
    private readonly DashboardHost host = new();

    public Task InitializeAsync() => host.CreateAdminAsync();
    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task With_totp_on_a_password_alone_is_not_enough_and_the_code_or_a_recovery_code_completes_sign_in()
    {
        var admin = await host.SignedInClientAsync();
        var account = await DashboardHost.GetPageAsync(admin, "/admin/account/twofactor");
        var key = account.QuerySelector("code.secret-once")!.TextContent;

        var enable = await DashboardHost.SubmitAsync(admin, "/admin/account/twofactor", "form[action*=Enable]", new() { ["Code"] = Totp(key) });

        var recoveryCodes = DashboardHost.Parse(await enable.Content.ReadAsStringAsync()).QuerySelectorAll("ul.codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        var withCode = host.CreateClient();
        var first = await DashboardHost.SignInAsync(withCode, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        Assert.StartsWith("/admin/login-2fa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await withCode.GetAsync("/admin")).StatusCode);
        var second = await DashboardHost.SubmitAsync(withCode, first.Headers.Location!.OriginalString, "form", new() { ["Code"] = Totp(key) });
        Assert.Equal("/admin", second.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/admin")).StatusCode);

        var withRecovery = host.CreateClient();
        await DashboardHost.SignInAsync(withRecovery, DashboardHost.AdminEmail, DashboardHost.AdminPassword);
        var recovered = await DashboardHost.SubmitAsync(withRecovery, "/admin/login-recovery", "form", new() { ["RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withRecovery.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Turning_two_factor_off_needs_a_current_code()
    {
        var admin = await host.SignedInClientAsync();
        var key = (await DashboardHost.GetPageAsync(admin, "/admin/account/twofactor")).QuerySelector("code.secret-once")!.TextContent;
        await DashboardHost.SubmitAsync(admin, "/admin/account/twofactor", "form[action*=Enable]", new() { ["Code"] = Totp(key) });

        var refused = await DashboardHost.SubmitAsync(admin, "/admin/account/twofactor", "#two-factor-change", new() { ["Code"] = "000000" },
            submitHandler: "Disable");
        Assert.Contains("Enter a current code", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Two-factor sign-in is <strong>on</strong>", await admin.GetStringAsync("/admin/account/twofactor"), StringComparison.Ordinal);

        await DashboardHost.SubmitAsync(admin, "/admin/account/twofactor", "#two-factor-change", new() { ["Code"] = Totp(key) }, submitHandler: "Disable");
        Assert.DoesNotContain("Two-factor sign-in is <strong>on</strong>", await admin.GetStringAsync("/admin/account/twofactor"), StringComparison.Ordinal);
    }

    /// <summary>RFC 6238 with Identity's defaults: SHA-1, 30-second steps, 6 digits, base32 key.</summary>
    internal static string Totp(string base32Key)
    {
        var key = Base32Decode(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in input.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return bytes.ToArray();
    }
}
