using System.Diagnostics.Metrics;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>
/// Sums one counter's measurements that carry a given label value, whichever Host in the test process recorded them
/// (the label value, e.g. a loopback port, tells this test's Host apart).
/// </summary>
public sealed class CounterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterListener(string instrument, string label, string value)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Name == instrument) listener.EnableMeasurementEvents(published);
        };
        _listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == label && tag.Value as string == value) Interlocked.Add(ref _total, measurement);
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
