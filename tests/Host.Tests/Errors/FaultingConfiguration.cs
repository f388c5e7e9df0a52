using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Tests.Errors;

/// <summary>The live configuration, until the test trips it: then every read throws, as a broken dependency would.</summary>
public sealed class FaultingConfiguration(ILiveConfiguration inner, string faultMessage) : ILiveConfiguration
{
    public bool Tripped { get; set; }

    public ValueTask<ConfigurationSnapshot> CurrentAsync(CancellationToken cancellationToken) =>
        Tripped ? throw new InvalidOperationException(faultMessage, new FormatException(faultMessage)) : inner.CurrentAsync(cancellationToken);
}
