using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ChatWidget.Host.Tests.Observability;

/// <summary>
/// The tests that read telemetry run alone: OpenTelemetry listens to meters and sources by name, process-wide, so a Host
/// of another test running meanwhile would add its points (and duplicate instruments) to this test's capture. The
/// content-capture test also sets a process-wide variable that another Host starting meanwhile would see.
/// </summary>
[CollectionDefinition(TelemetryCapture.Collection, DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>Host's spans and metric points, through OpenTelemetry's in-memory exporter added beside Host's own wiring.</summary>
public sealed class TelemetryCapture
{
    public const string Collection = "telemetry, alone";

    private readonly LockedList<Activity> _spans = new();
    private readonly LockedList<Metric> _metrics = new();

    /// <summary>The spans exported so far (a copy: the exporter may still be adding the end of a request's span).</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    public IReadOnlyList<Metric> Metrics => _metrics.Snapshot();

    public void AddTo(IServiceCollection services) => services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
        .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));

    /// <summary>Pushes everything recorded so far to the exporters (the in-memory one and OTLP, when set).</summary>
    public static void Flush(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    /// <summary>Every point of the named instrument (the last export of each; cumulative temporality).</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in Metrics.Where(m => m.Name == name).TakeLast(1))
        {
            foreach (ref readonly var point in metric.GetMetricPoints()) points.Add(point);
        }

        return points;
    }

    public static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
        return tags;
    }

    /// <summary>Every string a span, event or metric label carries: names, tag keys and values.</summary>
    public IEnumerable<string> AllStrings()
    {
        foreach (var span in Spans)
        {
            yield return span.DisplayName;
            foreach (var tag in span.TagObjects) yield return $"{tag.Key}={tag.Value}";
            foreach (var e in span.Events)
            {
                yield return e.Name;
                foreach (var tag in e.Tags) yield return $"{tag.Key}={tag.Value}";
            }
        }

        foreach (var metric in Metrics)
        {
            yield return metric.Name;
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags) yield return $"{tag.Key}={tag.Value}";
            }
        }
    }
}

/// <summary>A list the exporter's thread adds to while the test reads copies of it.</summary>
internal sealed class LockedList<T> : System.Collections.ObjectModel.Collection<T>
{
    public IReadOnlyList<T> Snapshot()
    {
        lock (Items) return [.. Items];
    }

    protected override void InsertItem(int index, T item)
    {
        lock (Items) base.InsertItem(index, item);
    }

    protected override void ClearItems()
    {
        lock (Items) base.ClearItems();
    }
}
