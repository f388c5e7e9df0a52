using System.Net;
using System.Net.Sockets;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>A loopback port nothing listens on right now, for a server the benchmark is about to start.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
