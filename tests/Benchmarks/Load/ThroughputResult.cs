namespace ChatWidget.Benchmarks.Load;

/// <summary>Answers completed in <see cref="Seconds"/> (summed over both rounds) by each path.</summary>
public sealed record ThroughputResult(int Concurrency, double Seconds, int Direct, int Nginx, int Host, int Failures)
{
    public double NginxShare => Direct == 0 ? double.NaN : (double)Nginx / Direct;

    public double HostShare => Direct == 0 ? double.NaN : (double)Host / Direct;
}
